/* layso-kiosk: the check-in kiosk. See kiosk/README.md. */
#include <curl/curl.h>
#include <sodium.h>

#include "lk-application.h"

int
main (int argc, char *argv[])
{
  /* Both before any thread exists: libcurl's global state and libsodium's CSPRNG. */
  if (curl_global_init (CURL_GLOBAL_DEFAULT) != CURLE_OK || sodium_init () < 0)
    {
      g_printerr ("layso-kiosk: cannot initialise libcurl or libsodium\n");
      return 1;
    }
  LkApplication *app = lk_application_new ();
  int status = g_application_run (G_APPLICATION (app), argc, argv);
  g_object_unref (app);
  curl_global_cleanup ();
  return status;
}
