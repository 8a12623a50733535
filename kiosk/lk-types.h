/* Forward declarations for layso-kiosk, so headers need not include each other. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LkConfig LkConfig;
typedef struct _LkKioskInfo LkKioskInfo;
typedef struct _LkField LkField;
typedef struct _LkTicket LkTicket;

typedef struct _LkApplication LkApplication;
typedef struct _LkCheckin LkCheckin;
typedef struct _LkClient LkClient;
typedef struct _LkCountdown LkCountdown;
typedef struct _LkWindow LkWindow;
typedef struct _LkHomePage LkHomePage;
typedef struct _LkVerifyPage LkVerifyPage;
typedef struct _LkResultPage LkResultPage;
typedef struct _LkMessagePage LkMessagePage;
typedef struct _LkTestHook LkTestHook;

G_END_DECLS
