// Checks the log of both builds: a warning for Heartbeat only, then the gate's error.
def log = new File(basedir, 'build.log').text
def findings = log.readLines().findAll { it.contains('[ThreadWithoutExitPath]') }
assert findings.any { it.contains('[WARNING]') && it.contains('Heartbeat.java') } : 'no warning for Heartbeat'
assert findings.any { it.contains('[ERROR]') && it.contains('Heartbeat.java') } : 'the CI gate did not turn the finding into an error'
assert !findings.any { it.contains('AuditWriter.java') } : '@IntentionalDaemon did not silence the check'
assert !findings.any { it.contains('MetricsPump.java') } : '@SuppressWarnings did not silence the check'
assert log.contains('BUILD FAILURE') : 'the CI gate did not fail the build'
return true
