package dev.seckill.redis;

import dev.seckill.domain.model.Reservation;
import dev.seckill.domain.model.SeckillOrder;
import dev.seckill.domain.model.VoucherId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * Merges the reservations of the buyers of one sale who arrive together into one call ("smart batching", as the LMAX
 * Disruptor and Kafka's producer do): while a call for a sale is in flight, the requests that arrive wait, and go
 * together in the next call, at most {@link #MAX_BATCH}. No timer: under light load a request goes at once, alone;
 * under load the batch is whatever queued meanwhile. Each request is answered as soon as its call returns; a call that
 * fails fails each of its requests, as a call of its own would have.
 */
final class ReservationLanes {

    static final int MAX_BATCH = 256;

    private final BiFunction<VoucherId, List<SeckillOrder>, CompletableFuture<List<Reservation>>> call;
    private final IntConsumer batchSizes;
    // one lane per sale ever reserved here, kept for the process's life: a few hundred bytes each
    private final Map<VoucherId, Lane> lanes = new ConcurrentHashMap<>();

    /**
     * @param call       decides the buyers of one sale in one call, answering each in the order given
     * @param batchSizes told the size of every call made
     */
    ReservationLanes(
            BiFunction<VoucherId, List<SeckillOrder>, CompletableFuture<List<Reservation>>> call,
            IntConsumer batchSizes) {
        this.call = call;
        this.batchSizes = batchSizes;
    }

    /** Reserves for the order's buyer in the next call for its sale. */
    CompletionStage<Reservation> reserve(SeckillOrder order) {
        return lanes.computeIfAbsent(order.voucherId(), Lane::new).add(order);
    }

    private record Waiting(SeckillOrder order, CompletableFuture<Reservation> answer) {}

    /** One sale's queue of buyers, and whether its call is in flight. */
    private final class Lane {
        private final VoucherId voucher;
        private final ArrayDeque<Waiting> queued = new ArrayDeque<>();
        private boolean inFlight;

        Lane(VoucherId voucher) {
            this.voucher = voucher;
        }

        CompletionStage<Reservation> add(SeckillOrder order) {
            Waiting waiting = new Waiting(order, new CompletableFuture<>());
            boolean send;
            synchronized (this) {
                queued.add(waiting);
                send = !inFlight;
                inFlight = true;
            }
            if (send) {
                sendNext();
            }
            return waiting.answer();
        }

        private void sendNext() {
            List<Waiting> batch;
            synchronized (this) {
                if (queued.isEmpty()) {
                    inFlight = false;
                    return;
                }
                batch = new ArrayList<>(Math.min(queued.size(), MAX_BATCH));
                while (!queued.isEmpty() && batch.size() < MAX_BATCH) {
                    batch.add(queued.poll());
                }
            }
            batchSizes.accept(batch.size());
            CompletableFuture<List<Reservation>> answers;
            try {
                answers = call.apply(voucher, batch.stream().map(Waiting::order).toList());
            } catch (RuntimeException e) {
                answers = CompletableFuture.failedFuture(e);
            }
            var unused = answers.whenComplete((reservations, failure) -> {
                // the next call goes before this one's answers run on: Redis works on it while they do
                sendNext();
                Throwable error = failure == null && reservations.size() != batch.size()
                        ? new IllegalStateException(
                                reservations.size() + " answers to a call of " + batch.size() + " buyers")
                        : failure;
                for (int i = 0; i < batch.size(); i++) {
                    CompletableFuture<Reservation> answer = batch.get(i).answer();
                    if (error != null) {
                        answer.completeExceptionally(error);
                    } else {
                        answer.complete(reservations.get(i));
                    }
                }
            });
        }
    }
}
