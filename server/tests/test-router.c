/* router.h: a small route table of its own, then a table of requests against it, and the
 * real table's shape (every row matches its own pattern). */
#include "http/router.h"

#include <glib.h>
#include <string.h>

static void
handler (LsRequest *req)
{
}

static const LsRoute table[] = {
  { "GET", "/", handler, 0, 0 },
  { "GET", "/api/v1/units", handler, 0, 0 },
  { "GET", "/api/v1/units/{unit}", handler, 0, 0 },
  { "GET", "/api/v1/units/{unit}/slots", handler, 0, 0 },
  { "POST", "/api/v1/bookings", handler, 0, 0 },
  { "GET", "/api/v1/bookings/{code}", handler, 0, 0 },
  { "DELETE", "/api/v1/bookings/{code}", handler, 0, 0 },
  { "POST", "/api/v1/bookings/{code}/cancel", handler, 0, 0 },
  { "GET", "/static/{*rest}", handler, 0, 0 },
  { "PUT", "/a/{x}/{y}", handler, 0, 0 },
  { NULL, NULL, NULL, 0, 0 },
};

typedef struct
{
  const char *method;
  const char *path;
  int row;              /* index into table, or -1 */
  const char *captures; /* "name=value;..." of the winner */
  const char *allow;    /* no winner: the Allow list, NULL for a 404 */
} Case;

static char *
captures_text (const LsRouteMatch *m)
{
  GString *g = g_string_new (NULL);
  for (size_t i = 0; i < m->n_captures; i++)
    g_string_append_printf (g, "%s%.*s=%.*s", i ? ";" : "", (int) m->captures[i].name_len,
                            m->captures[i].name, (int) m->captures[i].value_len,
                            m->captures[i].value);
  return g_string_free (g, FALSE);
}

static void
test_table (void)
{
  static const Case cases[] = {
    /* literal */
    { "GET", "/", 0, "", NULL },
    { "GET", "/api/v1/units", 1, "", NULL },
    { "GET", "/api/v1/units/", -1, NULL, NULL }, /* empty segment: no capture */
    { "GET", "/api/v1/Units", -1, NULL, NULL },
    { "GET", "/api/v1/unitsx", -1, NULL, NULL },
    { "GET", "", -1, NULL, NULL },
    { "GET", "api/v1/units", -1, NULL, NULL },
    /* capture */
    { "GET", "/api/v1/units/so-tu-phap", 2, "unit=so-tu-phap", NULL },
    { "GET", "/api/v1/units/a b%/slots", 3, "unit=a b%", NULL },
    { "GET", "/api/v1/units//slots", -1, NULL, NULL },
    { "GET", "/api/v1/units/x/slots/", -1, NULL, NULL },
    { "PUT", "/a/1/2", 9, "x=1;y=2", NULL },
    { "PUT", "/a/1/", -1, NULL, NULL },
    { "PUT", "/a//2", -1, NULL, NULL },
    /* {*rest} */
    { "GET", "/static/site.css", 8, "rest=site.css", NULL },
    { "GET", "/static/img/logo.svg", 8, "rest=img/logo.svg", NULL },
    { "GET", "/static/", 8, "rest=", NULL },
    { "GET", "/static", 8, "rest=", NULL },
    { "GET", "/static//x", 8, "rest=/x", NULL },
    { "GET", "/staticx", -1, NULL, NULL },
    /* the first row with the method wins; others make the Allow list */
    { "DELETE", "/api/v1/bookings/B-1", 6, "code=B-1", NULL },
    { "POST", "/api/v1/bookings/B-1/cancel", 7, "code=B-1", NULL },
    /* 405 */
    { "POST", "/api/v1/units", -1, NULL, "GET, HEAD" },
    { "PUT", "/api/v1/bookings/B-1", -1, NULL, "GET, HEAD, DELETE" },
    { "GET", "/api/v1/bookings", -1, NULL, "POST" },
    { "HEAD", "/", -1, NULL, "GET, HEAD" }, /* the glue asks for HEAD as GET */
    { "get", "/", -1, NULL, "GET, HEAD" },
    /* 404 */
    { "GET", "/nope", -1, NULL, NULL },
    { "POST", "/api/v1/bookings/B-1/cancel/x", -1, NULL, NULL },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_test_message ("%s %s", c->method, c->path);
      LsRouteMatch m;
      bool found = ls_router_match (table, c->method, c->path, &m);
      g_assert_cmpint (found, ==, c->row >= 0);
      if (found)
        {
          g_assert_true (m.route == &table[c->row]);
          g_autofree char *caps = captures_text (&m);
          g_assert_cmpstr (caps, ==, c->captures);
          g_assert_null (m.allow);
        }
      else
        {
          g_assert_null (m.route);
          g_assert_cmpuint (m.n_captures, ==, 0);
          g_assert_cmpstr (m.allow, ==, c->allow);
        }
      g_free (m.allow);
    }
}

/* More captures than LS_ROUTER_MAX_CAPTURES: the pattern matches nothing. */
static void
test_too_many_captures (void)
{
  size_t n = 0;
  g_assert_true (
      ls_router_match_pattern ("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}", "/1/2/3/4/5/6/7/8", NULL, &n));
  g_assert_cmpuint (n, ==, 8);
  g_assert_false (ls_router_match_pattern ("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}",
                                           "/1/2/3/4/5/6/7/8/9", NULL, &n));
  g_assert_false (ls_router_match_pattern ("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{*r}",
                                           "/1/2/3/4/5/6/7/8", NULL, &n));
}

/* Every row of the server's table is reachable: its pattern with each capture filled in
 * finds that row, or an earlier one with the same method. */
static void
test_real_table (void)
{
  for (const LsRoute *r = ls_routes; r->method; r++)
    {
      g_autoptr (GString) path = g_string_new (NULL);
      for (const char *s = r->pattern; *s; s++)
        {
          if (*s == '{')
            {
              g_string_append (path, "x");
              s = strchr (s, '}');
            }
          else
            {
              g_string_append_c (path, *s);
            }
        }
      g_test_message ("%s %s", r->method, path->str);
      LsRouteMatch m;
      g_assert_true (ls_router_match (ls_routes, r->method, path->str, &m));
      g_assert_true (m.route <= r);
      g_assert_cmpstr (m.route->method, ==, r->method);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/router/table", test_table);
  g_test_add_func ("/router/too-many-captures", test_too_many_captures);
  g_test_add_func ("/router/real-table", test_real_table);
  return g_test_run ();
}
