# session-farm's PostgreSQL store as the session store; see docs/jetty-home.md.

[description]
Keeps sessions of ee10 webapps in PostgreSQL tables (schema applied by Flyway when a webapp starts): they
survive restarts of this server and are shared by every server of the farm, behind a balancer that need not be
sticky. Brings its own PostgreSQL driver and connection pool (HikariCP); no jdbc or datasource module is needed.

[tags]
session

[environment]
ee10

[provides]
session-store

[depend]
session-farm

[lib]
lib/session-farm/postgres/*.jar

[xml]
etc/sessions/farm/session-store-postgres.xml

[ini-template]
## JDBC URL of the database. Several separated by spaces: one partition each.
#session.jdbcUrl=jdbc:postgresql://127.0.0.1:5432/sessions

## Database user (empty: the one in the URL, or the driver's default) and password. Rather than a password in
## this file, name a file that holds it (readable by the user Jetty runs as only).
#session.jdbcUser=
#session.jdbcPassword=
#session.jdbcPasswordFile=

## Apply the session schema's Flyway migrations when a webapp starts. Set false when schema changes are rolled
## out with the migrate command.
#session.migrate=true

## Longest a single SQL statement may run before it is cancelled (the request then gets a 503 page).
#session.statementTimeout=5s
