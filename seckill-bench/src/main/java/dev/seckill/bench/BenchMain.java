package dev.seckill.bench;

import dev.seckill.app.Main;
import picocli.CommandLine;

/** {@code ./seckill bench}: {@code java -jar seckill-bench/target/seckill-bench.jar ARGS}. */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand())
                .setExecutionExceptionHandler(Main::explain)
                .execute(args));
    }
}
