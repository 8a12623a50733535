/* Seed files: the demo seed parses; every malformed seed is refused with a message naming
 * the fault. */
#include "seed.h"

#include "clock.h"

#include <errno.h>
#include <string.h>

static void
test_demo (void)
{
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (ls_demo_seed, ls_demo_seed_len, &seed, &error), ==, 0);
  g_assert_null (error);
  g_assert_cmpuint (seed->catalog->units->len, ==, 5);
  const LsUnit *u = ls_catalog_unit (seed->catalog, "phuong-pho-yen");
  g_assert_nonnull (u);
  g_assert_cmpstr (u->name, ==, "Phường Phổ Yên");
  g_assert_cmpuint (u->fields->len, ==, 6);
  g_assert_cmpuint (u->slots->len, ==, 3);
  const LsSlot *s = ls_unit_slot (u, "0930-1100");
  g_assert_cmpint (s->start, ==, 9 * 60 + 30);
  g_assert_cmpint (s->end, ==, 11 * 60);
  g_assert_cmpint (s->capacity, ==, 10);
  /* the notice's six fields, word for word, in its order, prefixes A-F, ids their slugs */
  static const char *const fields[][2] = {
    { "van-phong-doi-ngoai-thu-le-phi-tra-ket-qua-tthc",
      "Văn phòng - Đối ngoại - Thu lệ phí - Trả kết quả TTHC" },
    { "linh-vuc-tu-phap-ho-tich", "Lĩnh vực Tư pháp - Hộ tịch" },
    { "linh-vuc-xay-dung-cong-thuong-tai-chinh-ke-hoach",
      "Lĩnh vực Xây dựng, Công thương - Tài chính kế hoạch" },
    { "linh-vuc-nong-nghiep-moi-truong", "Lĩnh vực Nông nghiệp, Môi trường" },
    { "van-hoa-khoa-hoc-thong-tin-noi-vu-y-te-giao-duc-dao-tao",
      "Văn hóa, Khoa học, Thông tin - Nội vụ - Y tế - Giáo dục, đào tạo" },
    { "cn-van-phong-dang-ky-dat-dai", "CN Văn phòng đăng ký đất đai" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const LsField *f = g_ptr_array_index (u->fields, i);
      g_assert_cmpstr (f->id, ==, fields[i][0]);
      g_assert_cmpstr (f->name, ==, fields[i][1]);
      g_assert_cmpint (f->prefix, ==, 'A' + (int) i);
    }
  g_assert_cmpstr (u->address, ==, "TDP 4, Phường Phổ Yên");
  g_assert_cmpstr (ls_catalog_unit (seed->catalog, "phuong-ba-xuyen")->address, ==,
                   "Đường Lê Hồng Phong, Xóm Xứ Đào, Xã Bá Xuyên cũ");
  g_assert_cmpstr (ls_catalog_unit (seed->catalog, "phuong-bach-quang")->address, ==,
                   "Đường Nguyễn Văn Cừ, TDP Khu Yên, Phường Bách Quang");
  g_assert_cmpstr (ls_catalog_unit (seed->catalog, "phuong-bac-kan")->address, ==,
                   "Tổ 6, Phường Bắc Kạn");
  g_assert_cmpstr (ls_catalog_unit (seed->catalog, "phuong-duc-xuan")->address, ==,
                   "Tổ 7, Phường Đức Xuân");
  g_assert_cmpuint (u->max_active_per_cccd_unit, ==, 3);
  g_assert_cmpuint (u->n_opening_hours, ==, 2);
  g_assert_cmpint (u->opening_hours[1].start, ==, 13 * 60);
  g_assert_cmpuint (u->working_weekdays, ==, LAYSO_WEEKDAYS_MON_FRI);
  g_assert_cmpuint (seed->kiosks->len, ==, 1);
  g_assert_cmpuint (seed->notices->len, ==, 1);
  /* the province's official days: Tết 2025 and 2026 (9 days each), National Day's extra
   * day both years, the three swaps of the issue */
  g_assert_cmpuint (seed->catalog->tet_days->len, ==, 18);
  g_assert_cmpuint (seed->catalog->national_day_extras->len, ==, 2);
  g_assert_cmpuint (seed->catalog->swaps->len, ==, 3);
  char iso[11];
  layso_date_format (&g_array_index (seed->catalog->swaps, LaysoDaySwap, 2).worked_day, iso);
  g_assert_cmpstr (iso, ==, "2026-08-22");
  /* unit search text: name and address folded */
  g_assert_cmpstr (u->folded, ==, "phuong pho yen tdp 4, phuong pho yen");
}

#define UNIT(extra) "{\"units\":[{\"id\":\"u\",\"name\":\"U\",\"address\":\"A\"," extra "}]}"
#define SLOTS       "\"slots\":[{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":2}]"
#define FIELDS      "\"fields\":[{\"id\":\"f\",\"name\":\"F\",\"prefix\":\"A\"}]"

static const struct
{
  const char *json;
  const char *error_part;
} bad_seeds[] = {
  { "", "JSON" },
  { "[]", "object" },
  { "{}", "units" },
  { "{\"units\":{}}", "array" },
  { "{\"units\":[1]}", "object" },
  { "{\"units\":[{\"name\":\"U\",\"address\":\"A\"}]}", "id" },
  { "{\"units\":[{\"id\":\"\",\"name\":\"U\",\"address\":\"A\"}]}", "id" },
  { "{\"units\":[{\"id\":\"u\",\"address\":\"A\"}]}", "name" },
  { UNIT (FIELDS), "slots" },
  { UNIT (SLOTS), "fields" },
  { UNIT (SLOTS "," FIELDS ",\"checkin_lead_minutes\":-1"), "checkin_lead_minutes" },
  { UNIT (SLOTS "," FIELDS ",\"checkin_lead_minutes\":\"30\""), "integer" },
  { UNIT (SLOTS "," FIELDS ",\"working_weekdays\":[0]"), "working_weekdays" },
  { UNIT (SLOTS "," FIELDS ",\"working_weekdays\":[8]"), "working_weekdays" },
  { UNIT (SLOTS "," FIELDS ",\"opening_hours\":[[\"07:00\"]]"), "opening_hours" },
  { UNIT (SLOTS "," FIELDS ",\"opening_hours\":[[\"11:00\",\"07:00\"]]"), "end after" },
  { UNIT (SLOTS "," FIELDS ",\"opening_hours\":[[\"7:00\",\"11:00\"]]"), "HH:MM" },
  { UNIT (
        "\"slots\":[{\"id\":\"s\",\"start\":\"24:00\",\"end\":\"25:00\",\"capacity\":2}]," FIELDS),
    "HH:MM" },
  { UNIT (
        "\"slots\":[{\"id\":\"s\",\"start\":\"09:30\",\"end\":\"07:30\",\"capacity\":2}]," FIELDS),
    "end after" },
  { UNIT ("\"slots\":[{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\"}]," FIELDS), "capacity" },
  { UNIT (
        "\"slots\":[{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":-1}]," FIELDS),
    "capacity" },
  { UNIT ("\"slots\":[{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":1},"
          "{\"id\":\"s\",\"start\":\"09:30\",\"end\":\"10:30\",\"capacity\":1}]," FIELDS),
    "twice" },
  { UNIT (SLOTS ",\"fields\":[{\"id\":\"f\",\"name\":\"F\",\"prefix\":\"a\"}]"), "prefix" },
  { UNIT (SLOTS ",\"fields\":[{\"id\":\"f\",\"name\":\"F\",\"prefix\":\"AB\"}]"), "prefix" },
  { UNIT (SLOTS ",\"fields\":[{\"id\":\"f\",\"name\":\"F\",\"prefix\":\"A\"},"
                "{\"id\":\"f\",\"name\":\"G\",\"prefix\":\"B\"}]"),
    "twice" },
  /* the hand-written list is gone: a seed that still has one is refused, not half-read */
  { "{\"units\":[],\"holidays\":[\"2025-09-02\"]}", "computed" },
  { UNIT (SLOTS "," FIELDS ",\"working_weekdays\":[1,6]"), "saturday_service" },
  { UNIT (SLOTS "," FIELDS ",\"saturday_service\":1"), "true or false" },
  { UNIT ("\"slots\":[{\"id\":\"s\",\"start\":\"07:30\",\"end\":\"09:30\",\"capacity\":1,"
          "\"weekdays\":[0]}]," FIELDS),
    "weekdays" },
  { "{\"units\":[],\"calendar\":[]}", "object" },
  { "{\"units\":[],\"calendar\":{}}", "years" },
  { "{\"units\":[],\"calendar\":{\"years\":[{}]}}", "year" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2020}]}}", "2021..2100" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2101}]}}", "2021..2100" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,\"tet\":[\"2026-02-30\"]}]}}",
    "YYYY-MM-DD" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,\"tet\":[\"2027-02-06\"]}]}}",
    "not in 2026" },
  /* Tết far from mùng 1 (17/2/2026) */
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,\"tet\":[\"2026-06-01\"]}]}}",
    "calendar 2026" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,"
    "\"national_day_extra\":\"2026-09-05\"}]}}",
    "calendar 2026" },
  /* a swap must trade a working day for a rest day: Monday for Tuesday is refused */
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,"
    "\"swaps\":[{\"day_off\":\"2026-03-02\",\"worked\":\"2026-03-03\"}]}]}}",
    "calendar 2026" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,\"swaps\":[1]}]}}", "day_off" },
  { "{\"units\":[],\"notices\":[{\"id\":\"n\",\"unit\":\"x\",\"title\":\"t\",\"body\":\"b\","
    "\"published_at\":\"2025-09-20T08:00:00+07:00\"}]}",
    "unknown unit" },
  { UNIT (SLOTS "," FIELDS) ",\"notices\":[]}", "JSON" },
  { "{\"units\":[],\"kiosks\":[{\"id\":\"k\",\"name\":\"K\",\"unit\":\"x\"}]}", "unknown unit" },
  /* an optional array that is not one: was accepted as absent, leaking the message
   * (found by tests/fuzz/fuzz-seed) */
  { "{\"units\":[],\"calendar\":{\"years\":{}}}", "array" },
  { "{\"units\":[],\"calendar\":{\"years\":[{\"year\":2026,\"tet\":{}}]}}", "array" },
  { "{\"units\":[],\"notices\":{}}", "array" },
  { "{\"units\":[],\"kiosks\":{}}", "array" },
  { UNIT (SLOTS "," FIELDS ",\"working_weekdays\":5"), "array" },
  { UNIT (SLOTS "," FIELDS ",\"opening_hours\":\"07:00-11:00\""), "array" },
};

static void
test_bad (void)
{
  for (size_t i = 0; i < G_N_ELEMENTS (bad_seeds); i++)
    {
      g_autoptr (LsSeed) seed = NULL;
      g_autofree char *error = NULL;
      const char *json = bad_seeds[i].json;
      g_test_message ("seed %zu: %s", i, json);
      g_assert_cmpint (ls_seed_parse (json, strlen (json), &seed, &error), ==, -EINVAL);
      g_assert_null (seed);
      g_assert_nonnull (error);
      if (!strstr (error, bad_seeds[i].error_part))
        g_error ("seed %zu: error \"%s\" does not mention \"%s\"", i, error,
                 bad_seeds[i].error_part);
    }
}

static void
test_defaults (void)
{
  const char *json = UNIT (SLOTS "," FIELDS);
  g_autoptr (LsSeed) seed = NULL;
  g_autofree char *error = NULL;
  g_assert_cmpint (ls_seed_parse (json, strlen (json), &seed, &error), ==, 0);
  const LsUnit *u = ls_catalog_unit (seed->catalog, "u");
  g_assert_cmpint (u->checkin_lead_minutes, ==, 30);
  g_assert_cmpuint (u->max_active_per_cccd, ==, 1);
  g_assert_cmpuint (u->max_active_per_cccd_unit, ==, 3);
  g_assert_cmpuint (u->horizon_days, ==, 7);
  g_assert_cmpuint (u->working_weekdays, ==, LAYSO_WEEKDAYS_MON_FRI);
  g_assert_cmpuint (u->n_opening_hours, ==, 2);
  g_assert_cmpint (u->opening_hours[0].start, ==, 7 * 60);
  g_assert_cmpint (u->opening_hours[0].end, ==, 11 * 60 + 30);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layso/server/seed/demo", test_demo);
  g_test_add_func ("/layso/server/seed/bad", test_bad);
  g_test_add_func ("/layso/server/seed/defaults", test_defaults);
  return g_test_run ();
}
