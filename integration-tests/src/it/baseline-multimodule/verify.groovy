// The shared baseline holds each module's findings, main and test, exactly once.
import groovy.json.JsonSlurper

def entries = new File(basedir, 'leakproof-baseline.txt').readLines().findAll { !it.startsWith('#') && it.trim() }
assert entries == [
    'com.example.billing.BillingWorker | run(Runnable) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(2)',
    'com.example.billing.InvoiceFixture | scheduleReminder(TimerTask) | TimerNeverCancelled | 0 | new Timer()',
    'com.example.catalog.CatalogWorker | run(Runnable) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(2)',
    'com.example.orders.OrdersWorker | run(Runnable) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(2)',
    'com.example.shipping.ShippingWorker | run(Runnable) | ExecutorNeverShutDown | 0 | Executors.newFixedThreadPool(2)'] : entries

def builds = new File(basedir, 'build.log').text
    .split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/)
    .findAll { it.contains('BUILD ') }
assert builds.size() == 3
assert builds[0].contains('Using the MultiThreadedBuilder') : 'the modules were not built in parallel'
def checks = ['ExecutorNeverShutDown', 'TimerNeverCancelled', 'ThreadWithoutExitPath']
assert !builds[2].readLines().any { line -> checks.any { line.contains("[${it}]") } } : 'the gate reported a recorded finding'

// One SARIF log per module, main and test compilations together (of build 3), all baselined.
def billing = new JsonSlurper().parse(new File(basedir, 'billing/target/leakproof.sarif')).runs[0]
assert billing.results*.ruleId.sort() == ['ExecutorNeverShutDown', 'TimerNeverCancelled']
assert billing.results*.locations*.physicalLocation*.artifactLocation*.uri.flatten().sort() == [
    'src/main/java/com/example/billing/BillingWorker.java',
    'src/test/java/com/example/billing/InvoiceFixture.java']
assert billing.results.every { it.suppressions*.kind == ['external'] }
return true
