// Checks each build of invoker.properties in its part of build.log, the baseline file, and the
// SARIF log of the last build.
import groovy.json.JsonSlurper

def builds = new File(basedir, 'build.log').text
    .split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/)
    .findAll { it.contains('BUILD ') }
assert builds.size() == 7 : "expected 7 builds in build.log, found ${builds.size()}"

def checks = ['UnboundedBlockingCall', 'ThreadWithoutExitPath', 'InterruptSwallowedInLoop',
              'ExecutorNeverShutDown', 'TimerNeverCancelled', 'CountDownNotInFinally', 'LatchCountMismatch',
              'PeriodicTaskNeverCancelled', 'TimedWaitResultIgnored']
// The diagnostics of Leakproof's checks, and Leakproof's own lines, each once (Maven repeats
// compiler errors in its summary).
def findings = { String build -> build.readLines().findAll { line -> checks.any { line.contains("[${it}]") } }
    .collect { it.replaceFirst(/^\[(ERROR|WARNING)\] /, '') }.unique() }
def own = { String build, String level -> build.readLines().findAll { it.startsWith("[${level}]") && it.contains('Leakproof: ') }
    .collect { it.replaceFirst(/^\[(ERROR|WARNING)\] /, '') }.unique() }
def noCrash = { String build ->
  assert !build.contains('An exception has occurred in the compiler') : 'javac crashed'
  assert !build.contains('An unhandled exception was thrown by the Error Prone') : 'Error Prone crashed'
}

// 1. The baseline is written: both findings, sorted, no line numbers.
def write = builds[0]
assert write.contains('BUILD SUCCESS')
assert own(write, 'WARNING').any { it.contains('recorded 2 findings of 3 classes') } : own(write, 'WARNING')
def entries = new File(basedir, 'leakproof-baseline.txt').readLines().findAll { !it.startsWith('#') && it.trim() }
assert entries == [
    'com.example.Heartbeat | start() | ThreadWithoutExitPath | 0 | new Thread(()->{while(true){beat();}}).start()',
    'com.example.ReportService | render(List) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(4)'] : entries

// 2. and 3. The gate passes, before and after unrelated edits: nothing reported.
[builds[1], builds[2]].each { build ->
  assert build.contains('BUILD SUCCESS')
  assert findings(build).isEmpty() : findings(build)
  assert own(build, 'WARNING').isEmpty() : own(build, 'WARNING')
}

// 4. A fixed finding: one stale warning, for its class, with the count.
def fixed = builds[3]
assert fixed.contains('BUILD SUCCESS')
assert findings(fixed).isEmpty() : findings(fixed)
def stale = own(fixed, 'WARNING')
assert stale.size() == 1 : stale
assert stale[0] =~ /Heartbeat\.java:\[\d+,\d+\] Leakproof: 1 stale baseline entry for com\.example\.Heartbeat/ : stale

// 5. A malformed option: one clear error line naming it and the accepted values.
def malformed = builds[4]
assert malformed.contains('BUILD FAILURE')
noCrash(malformed)
assert own(malformed, 'ERROR') == ['error: Leakproof: -XepOpt:UnboundedBlockingCall:Strict=maybe is not valid: use true or false'] : own(malformed, 'ERROR')

// 6. A missing baseline: one clear error line naming the file.
def missing = builds[5]
assert missing.contains('BUILD FAILURE')
noCrash(missing)
def missingLines = own(missing, 'ERROR')
assert missingLines.size() == 1 && missingLines[0].contains('no-such-baseline.txt does not exist') : missingLines

// 7. A new leak fails the gate, and only the new leak is named.
def leak = builds[6]
assert leak.contains('BUILD FAILURE')
def errors = findings(leak)
assert errors.size() == 1 : errors
assert errors[0] =~ /ReportService\.java:\[26,\d+\] error: \[ExecutorNeverShutDown\] Executor 'exporter'/ : errors

// The SARIF log of build 7: valid-looking, with the baselined findings suppressed.
def version = (new File(basedir, 'pom.xml').text =~ /<leakproof\.version>([^<]+)</)[0][1]
def sarif = new JsonSlurper().parse(new File(basedir, 'target/leakproof.sarif'))
assert sarif.version == '2.1.0'
def run = sarif.runs[0]
assert run.tool.driver.name == 'Leakproof'
assert run.tool.driver.version == version
assert run.tool.driver.rules*.id == checks.sort(false)
run.tool.driver.rules.each { rule ->
  assert rule.shortDescription.text
  assert rule.helpUri.endsWith("docs/checks/${rule.id}.md")
  assert rule.defaultConfiguration.level == 'warning'
}
// javac's working directory in a Maven build: the module's directory
assert run.originalUriBaseIds['%SRCROOT%'].uri == basedir.toPath().toUri().toString()
def results = run.results
assert results.size() == 3 : results
results.each { result ->
  assert result.level == 'error' // the gate's severity
  assert result.message.text
  def location = result.locations[0].physicalLocation
  assert location.artifactLocation.uriBaseId == '%SRCROOT%'
  assert location.artifactLocation.uri.startsWith('src/v3/java/com/example/')
  assert location.region.startLine > 0 && location.region.startColumn > 0
  assert result.partialFingerprints['leakproofBaseline/v1'].startsWith('com.example.')
}
def suppressed = results.findAll { it.suppressions }
assert suppressed*.ruleId.sort() == ['ExecutorNeverShutDown', 'ThreadWithoutExitPath'] : suppressed
suppressed.each { assert it.suppressions*.kind == ['external'] }
def open = results.findAll { !it.suppressions }
assert open.size() == 1 && open[0].ruleId == 'ExecutorNeverShutDown'
assert open[0].locations[0].physicalLocation.region.startLine == 26
return true
