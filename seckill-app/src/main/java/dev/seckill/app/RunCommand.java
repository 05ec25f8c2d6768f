package dev.seckill.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, description = "Serve the HTTP API, consume and relay orders.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(
            names = "--print-config",
            description = "print the configuration in effect (defaults, file, environment) and exit")
    boolean printConfig;

    @Override
    public Integer call() throws InterruptedException {
        if (printConfig) {
            System.out.print(config.print());
            return 0;
        }
        SeckillConfig loaded = config.load();
        int forcedFailures = ConfigOption.forcedFailures();
        Seckill seckill = Seckill.open(loaded, forcedFailures);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run the hooks: stop in reverse start order, then let main return
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            seckill.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        seckill.serve();
        if (forcedFailures > 0) {
            org.slf4j.LoggerFactory.getLogger(RunCommand.class)
                    .warn(
                            "FORCE_SECKILL_CONSUME_FAIL_COUNT={}: order writes fail while retryCount < {}",
                            forcedFailures,
                            forcedFailures);
        }
        stopped.await();
        return 0;
    }
}
