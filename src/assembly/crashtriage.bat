@echo off
rem crashtriage launcher for Windows, in an unpacked distribution (bin\ beside lib\).
setlocal
set "CT_HOME=%~dp0.."
set "JAVA_CMD=java"
if defined JAVA_HOME set "JAVA_CMD=%JAVA_HOME%\bin\java"
if not defined CRASHTRIAGE_JAVA_OPTS set "CRASHTRIAGE_JAVA_OPTS=-XX:+UseSerialGC -Xshare:auto"
"%JAVA_CMD%" %CRASHTRIAGE_JAVA_OPTS% -jar "%CT_HOME%\lib\crashtriage.jar" %*
exit /b %ERRORLEVEL%
