# session-farm's state server as the session store; see docs/jetty-home.md.

[description]
Keeps sessions of ee10 webapps on session-farm's state server (or several, one partition each): they survive
restarts of this server and are shared by every server of the farm, behind a balancer that need not be sticky.

[tags]
session

[environment]
ee10

[provides]
session-store

[depend]
session-farm

[lib]
lib/session-farm/state-server/*.jar

[xml]
etc/sessions/farm/session-store-state-server.xml

[ini-template]
## Address of the state server, host:port. Several separated by spaces: one partition each.
#session.stateServer=127.0.0.1:42424

## File with the state server's shared key (created by `state-server keygen --out FILE`); required when the server
## asks for authentication. It must be readable by its owner only (chmod 600), unless the next setting is true.
#session.stateServerKeyFile=
#session.stateServerAllowReadableKeyFile=false

## PKCS12 trust store holding the state server's TLS certificate, and its password. Empty: plain TCP.
#session.stateServerTrustStore=
#session.stateServerTrustStorePassword=
