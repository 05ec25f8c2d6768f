package dev.seckill.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.seckill.domain.model.VoucherId;
import dev.seckill.domain.model.VoucherStats;
import dev.seckill.domain.port.in.RegisterSeckillVoucher;
import dev.seckill.domain.port.in.ShowVoucherStats;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin's endpoints: {@code POST /voucher/seckill} and {@code GET /voucher/seckill/{voucherId}/stats}. */
final class AdminHandlers {

    private final RegisterSeckillVoucher registerVoucher;
    private final ShowVoucherStats voucherStats;
    private final Credentials credentials;
    private final ObjectMapper json;
    private final ZoneId zone;

    AdminHandlers(
            RegisterSeckillVoucher registerVoucher,
            ShowVoucherStats voucherStats,
            Credentials credentials,
            ObjectMapper json,
            ZoneId zone) {
        this.registerVoucher = registerVoucher;
        this.voucherStats = voucherStats;
        this.credentials = credentials;
        this.json = json;
        this.zone = zone;
    }

    void registerVoucher(Context ctx) {
        credentials.requireAdmin(ctx);
        VoucherBody body = parse(ctx.bodyAsBytes());
        VoucherId id = registerVoucher.register(body.toVoucher(zone));
        ctx.json(ApiResult.ok(id.toString()));
    }

    void voucherStats(Context ctx) {
        credentials.requireAdmin(ctx);
        VoucherId voucherId = new VoucherId(PathIds.parse("voucherId", ctx.pathParam("voucherId")));
        VoucherStats stats = voucherStats
                .stats(voucherId)
                .orElseThrow(() -> new ApiException(ApiError.VOUCHER_NOT_FOUND, "no seckill voucher " + voucherId));
        // the answer keeps the names of docs/api.md, which say where each count lives
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("voucherId", stats.voucherId().toString());
        data.put("initialStock", stats.initialStock());
        data.put("redisStock", stats.reservableStock());
        data.put("reservedUsers", stats.reservedUsers());
        data.put("pendingOrders", stats.pendingOrders());
        data.put("dbStock", stats.ledgerStock());
        data.put("dbOrders", stats.recordedOrders());
        data.put("dlqOrders", stats.failedOrders());
        data.put("paidOrders", stats.paidOrders());
        data.put("cancelledOrders", stats.cancelledOrders());
        ctx.json(ApiResult.ok(data));
    }

    private VoucherBody parse(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(ApiError.BAD_REQUEST, "a JSON body is required");
        }
        try {
            VoucherBody parsed = json.readValue(body, VoucherBody.class);
            if (parsed == null) {
                throw new ApiException(ApiError.BAD_REQUEST, "a JSON object is required");
            }
            return parsed;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new ApiException(
                    ApiError.BAD_REQUEST,
                    field == null ? "the body must be a JSON object" : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body is not valid JSON");
        } catch (IOException e) {
            throw new ApiException(ApiError.BAD_REQUEST, "the body could not be read");
        }
    }
}
