package dev.seckill.redis;

import dev.seckill.domain.model.OrderId;
import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SaleWindow;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherSale;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reservations per second through {@link RedisStockReservations#reserve} (one connection, at most
 * {@code inFlight} reservations outstanding, every user distinct), then {@code redis-benchmark}
 * running the very same script with EVALSHA on the same Redis, and the ratio of the two.
 *
 * <pre>
 * cd /work/main/seckill-redis-adapter
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat target/cp.txt):target/classes:target/test-classes" dev.seckill.redis.ReservationBenchmark \
 *     [redis://127.0.0.1:6379/0] [reservations=300000] [inFlight=50]
 * </pre>
 *
 * The redis-benchmark run is {@code redis-benchmark -h H -p P --dbnum D -q -n N -c 50 -r 1000000000 evalsha
 * <sha of reserve.lua> 3 <sale> <order> <pending> 1 __rand_int__ __rand_int__} on a sale of its own
 * (random user and order ids); the command is printed. Every key is deleted afterwards.
 */
public final class ReservationBenchmark {

    private static final int HUGE_STOCK = 10_000_000;

    private ReservationBenchmark() {}

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379/0";
        int reservations = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        String prefix =
                "seckill-bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":";

        try (RedisConnection connection = RedisConnection.connect(RedisSettings.of(uri))) {
            RedisStockReservations adapter = new RedisStockReservations(connection, prefix);
            try {
                run(adapter, connection, Math.min(reservations, 100_000), inFlight);
                double adapterRate = run(adapter, connection, reservations, inFlight);
                System.out.printf(
                        "adapter:         %,.0f reservations/s (%,d reservations, %d in flight)%n",
                        adapterRate, reservations, inFlight);

                double redisBenchmarkRate = redisBenchmark(adapter, connection, uri, reservations);
                if (redisBenchmarkRate > 0) {
                    System.out.printf(
                            "redis-benchmark: %,.0f evalsha/s%nratio:           %.0f%%%n",
                            redisBenchmarkRate, 100 * adapterRate / redisBenchmarkRate);
                }
            } finally {
                TestRedis.deleteKeys(connection, prefix);
            }
        }
    }

    private static double run(
            RedisStockReservations adapter, RedisConnection connection, int reservations, int inFlight)
            throws InterruptedException {
        VoucherId voucher = openSale(adapter, connection);
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong reserved = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long firstOrder = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        Instant now = Instant.now();

        long started = System.nanoTime();
        for (int i = 1; i <= reservations; i++) {
            slots.acquire();
            SeckillOrder order = new SeckillOrder(new OrderId(firstOrder + i), new UserId(i), voucher, now);
            adapter.reserve(order).whenComplete((reservation, error) -> {
                if (reservation == Reservation.RESERVED) {
                    reserved.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                slots.release();
            });
        }
        slots.acquire(inFlight);
        double seconds = (System.nanoTime() - started) / 1e9;

        long stock = adapter.stats(voucher).orElseThrow().stock();
        if (reserved.get() != reservations || failed.get() != 0 || stock != HUGE_STOCK - reservations) {
            throw new IllegalStateException("expected " + reservations + " reservations, got " + reserved + " ("
                    + failed + " other answers, stock " + stock + ")");
        }
        return reservations / seconds;
    }

    /** Runs redis-benchmark on a sale of its own; 0 when it cannot run here. */
    private static double redisBenchmark(
            RedisStockReservations adapter, RedisConnection connection, String uri, int requests)
            throws InterruptedException {
        VoucherId voucher = openSale(adapter, connection);
        String sha = RedisFailures.await(connection
                .commands()
                .scriptLoad(LuaScript.judgingSales("reserve.lua").body()));
        RedisURI target = RedisURI.create(uri);
        List<String> command = new ArrayList<>(List.of(
                "redis-benchmark",
                "-h",
                target.getHost(),
                "-p",
                Integer.toString(target.getPort()),
                "--dbnum",
                Integer.toString(target.getDatabase()),
                "-q",
                "-n",
                Integer.toString(requests),
                "-c",
                "50",
                "-r",
                "1000000000",
                "evalsha",
                sha,
                "3"));
        command.addAll(List.of(adapter.keys(voucher)));
        command.addAll(List.of("1", "__rand_int__", "__rand_int__"));
        System.out.println("running: " + String.join(" ", command));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            System.out.print(output.replace('\r', '\n')
                    .lines()
                    .filter(line -> line.contains("requests per second"))
                    .findFirst()
                    .map(line -> "redis-benchmark said: " + line.trim() + "\n")
                    .orElse(output));
            Matcher rate = Pattern.compile("([0-9.]+) requests per second").matcher(output);
            String last = null;
            while (rate.find()) {
                last = rate.group(1);
            }
            return last == null ? 0 : Double.parseDouble(last);
        } catch (IOException e) {
            System.out.println(
                    "redis-benchmark cannot run here (" + e.getMessage() + "): run the command above by hand");
            return 0;
        }
    }

    private static VoucherId openSale(RedisStockReservations adapter, RedisConnection connection) {
        VoucherId voucher = new VoucherId(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50));
        Instant now = connection.time();
        adapter.load(new VoucherSale(
                voucher, HUGE_STOCK, new SaleWindow(now.minusSeconds(60), now.plus(Duration.ofHours(1)))));
        return voucher;
    }
}
