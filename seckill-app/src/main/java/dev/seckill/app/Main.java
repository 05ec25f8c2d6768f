package dev.seckill.app;

import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./seckill <command>}: the server and the operator's tools. */
@Command(
        name = "seckill",
        mixinStandardHelpOptions = true,
        version = "seckill 0.1.0",
        description = "Flash-sale order service: the server and its tools.",
        subcommands = {RunCommand.class, GenTokensCommand.class, DlqCommand.class, ReconcileCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Netty (under Lettuce) takes a stack trace of one buffer in 128 to find leaks: 1 % of the machine on the order
    // path
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        if (System.getProperty(LEAK_DETECTION) == null) { // -Dio.netty.leakDetection.level=simple looks for leaks again
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(Main::explain);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required: run, gen-tokens, dlq or reconcile");
    }

    /** Failures the user can act on get one line, never a stack trace (the bench's main uses it too). */
    public static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof ConfigLoader.ConfigException
                || e instanceof UserCsv.BadRowException
                || e instanceof IllegalArgumentException) {
            err.println("seckill: " + e.getMessage());
            return 2;
        }
        if (e instanceof ServiceUnavailableException) {
            err.println("seckill: " + e.getMessage() + " (is it running? try ./seckill services status)");
            return 1;
        }
        err.println("seckill: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        return 1;
    }
}
