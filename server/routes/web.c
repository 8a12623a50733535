/* placeholder: the web routes (pages, static assets, ticket PNG, scan) are written by the web
 * helper, who replaces this file and adds routes/web.h and its rows in routes.c. */
