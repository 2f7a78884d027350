// Checks the log of the eight builds (see invoker.properties).
def log = new File(basedir, 'build.log').text

// 1. Aligned: the test classpath holds JUnit 5.14.1 / 1.14.1 only, and the leak-free test passed.
def aligned = log.readLines().find { it.startsWith('JUnit jars on the test classpath: ') }
assert aligned != null : 'JUnitAlignmentTest did not run'
assert aligned.contains('junit-jupiter-api=5.14.1') && aligned.contains('junit-platform-engine=1.14.1') : aligned
assert !(aligned =~ /=5\.10|=1\.10/) : aligned
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [\d.]+ s -- in com\.example\.ReportServiceTest/ : 'ReportServiceTest did not pass'
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [\d.]+ s -- in com\.example\.JUnitAlignmentTest/ : 'JUnitAlignmentTest did not pass'

// 2. The leak is reported with the thread's name, state, where it was created and the user's frame,
//    and the test JVM still ends.
assert log.contains('1 thread started by this test is still alive 200 ms after it ended') : 'no leak report'
assert log.contains('"order-listener"') : 'leaked thread not named'
assert log.contains('created at: com.example.OrderListener.start(OrderListener.java:11)') : 'no creation line'
assert log.contains('called from com.example.OrderListenerTest.startsAListener(OrderListenerTest.java:') : 'no caller'
assert log.contains('stuck in your code at: com.example.OrderListener.awaitOrders(OrderListener.java:') : 'no user frame'
assert log.contains('OrderListenerTest.startsAListener') : 'the failing test is not named'

// 3. The deliberate misalignment is caught by the enforcer, and 4. unchecked, it breaks JUnit.
assert log.contains('Dependency convergence error for org.junit.jupiter:junit-jupiter-api:jar:5.10.5') : 'enforcer did not catch the misalignment'
assert log.contains("TestEngine with ID 'junit-jupiter' failed to discover tests") : 'the misaligned JUnit did not break'

// 5. On JUnit 6 the jars are all 6.0.3 and the tests pass.
def junit6 = log.readLines().find { it.startsWith('JUnit jars on the test classpath: ') && it.contains('junit-jupiter-api=6.0.3') }
assert junit6 != null : 'JUnitAlignmentTest did not run on JUnit 6'
assert junit6.contains('junit-platform-engine=6.0.3') && !(junit6 =~ /=5\.|=1\./) : junit6
// 6. and 7. The whole-run check fails the run (on JUnit 5.14 and 6) and names the test that
//    created the scheduler's thread.
def runReports = log.count('1 thread started during this test run is still alive 200 ms after its last test class ended')
assert runReports >= 2 && log.count('<<< FAILURE! -- in JUnit Jupiter') == 2 : 'no whole-run report on both JUnit 5 and 6'
assert log.contains('(created by code of the test NightlyReportTest.schedulesTheNightlyReport())') : 'the creating test is not named'
assert log.contains('created at: com.example.NightlyReportTest.schedulesTheNightlyReport(NightlyReportTest.java:18)') : 'no creation line in the run report'

// 8. Without auto-detection the same test passes (the last build of the log).
def last = log.substring(log.lastIndexOf('Running com.example.NightlyReportTest'))
assert last =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [\d.]+ s -- in com\.example\.NightlyReportTest/ : last
assert last.contains('BUILD SUCCESS') && !last.contains('BUILD FAILURE') : 'the run without auto-detection failed'
return true
