package dev.seckill.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load benchmark and consistency audit.")
final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("seckill: bench is not built yet");
        return 1;
    }
}
