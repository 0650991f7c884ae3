# session-farm: what both session-farm stores share. Enabled by either store module; see docs/jetty-home.md.

[description]
session-farm sessions for ee10 webapps: the node cache that validates each session against the store on every
request, and a webapp configuration that gives every deployed ee10 webapp session-farm's session handler (a store
outage answers 503 instead of handing out a fresh session) and its flush filter (the session is saved before the
response commits, and a failed save answers 503). Enable a store with session-store-farm-state-server or
session-store-farm-postgres; this module comes with it.

[tags]
session

[environment]
ee10

[provides]
session-cache

[depend]
sessions
ee10-webapp

[lib]
lib/session-farm/common/*.jar

[xml]
etc/sessions/farm/session-cache.xml

[ini]
# The pace at which expired sessions are looked for: session-farm's default, not Jetty's 600 s.
jetty.sessionScavengeInterval.seconds?=60

[ini-template]
## session-farm settings shared by its stores. The names are those of session-farm's own configuration
## (docs/configuration.md), so one setting has one name in an embedded node and in a jetty-base.
## The worker name (jetty.sessionIdManager.workerName) and the scavenge interval
## (jetty.sessionScavengeInterval.seconds) are set in the sessions module.

## Idle time after which a session expires, a duration with its unit: 90s, 20m, 2h.
## A webapp's web.xml <session-timeout> wins over it.
#session.timeout=20m

## Scope sessions are stored under. Empty: the context path and virtual host.
## Give nodes deployed at different paths the same name to share their sessions.
#session.applicationName=

## Classes that may be stored in sessions besides the JDK's value types and collections:
## exact names, pkg.* (that package) or pkg.** (and its subpackages), comma-separated.
#session.allowedClasses=

## Connections to the store per webapp (HikariCP pool or state-server client pool).
#session.poolSize=10

## Longest wait for a connection to the store, and for any one answer, before the request gets a 503 page.
#session.connectTimeout=3s
#session.networkTimeout=10s

## Attribute values larger than this once serialized are stored compressed (0: never).
#session.compressThreshold=8KiB

## Largest serialized session; setting an attribute that would pass it fails naming the attribute.
#session.maxBytes=1MiB

## Serialized size of the sessions each webapp keeps decoded (0: no node cache).
#session.nodeCacheSize=64MiB

## A request that changes no attribute writes the access time only if this long has passed since the last write.
#session.savePeriod=1s

## While partitions are added or removed: the previous list of stores, in the form of session.stateServer or
## session.jdbcUrl.
#session.otherPartitions=
