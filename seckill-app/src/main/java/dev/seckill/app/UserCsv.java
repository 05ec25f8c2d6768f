package dev.seckill.app;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The users that {@code gen-tokens} logs in: an hmdp {@code tb_user} CSV export with a header
 * (id, phone, nick_name, icon…), {@code id,phone} rows, or one phone number per line (id = phone).
 * Jackson's CSV reader does the quoting ({@code "Smith, John"}), blank lines and {@code #} comments.
 */
final class UserCsv {

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    /** A row that cannot be read; the message names the line. */
    static final class BadRowException extends RuntimeException {
        BadRowException(String source, long line, String message) {
            super(source + " line " + line + ": " + message);
        }
    }

    private UserCsv() {}

    static List<UserSession> read(String source, Reader reader) throws IOException {
        List<UserSession> users = new ArrayList<>();
        Columns columns = null;
        try (MappingIterator<List<String>> rows = CSV.readerForListOf(String.class)
                .with(CsvSchema.emptySchema().withComments())
                .readValues(reader)) {
            while (rows.hasNextValue()) {
                List<String> fields = rows.nextValue();
                long line = rows.getParser().currentTokenLocation().getLineNr();
                if (columns == null) {
                    fields = withoutByteOrderMark(fields);
                    columns = Columns.of(fields);
                    if (columns.header) {
                        continue;
                    }
                }
                users.add(columns.user(fields, source, line));
            }
        }
        return users;
    }

    private static List<String> withoutByteOrderMark(List<String> fields) {
        if (fields.isEmpty() || !fields.get(0).startsWith("\uFEFF")) {
            return fields;
        }
        List<String> stripped = new ArrayList<>(fields);
        stripped.set(0, fields.get(0).substring(1));
        return stripped;
    }

    private record Columns(boolean header, int id, int phone, int nickName, int icon) {

        static Columns of(List<String> first) {
            List<String> names =
                    first.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
            if (names.contains("id") || names.contains("phone")) {
                return new Columns(
                        true,
                        names.indexOf("id"),
                        names.indexOf("phone"),
                        names.contains("nick_name") ? names.indexOf("nick_name") : names.indexOf("nickname"),
                        names.indexOf("icon"));
            }
            return first.size() >= 2 ? new Columns(false, 0, 1, -1, -1) : new Columns(false, -1, 0, -1, -1);
        }

        UserSession user(List<String> fields, String source, long line) {
            int needed = Math.max(id, phone) + 1;
            if (fields.size() < needed) {
                throw new BadRowException(
                        source, line, "expected at least " + needed + " comma-separated fields, got " + fields.size());
            }
            String phoneValue = phone >= 0 ? fields.get(phone) : "";
            String idValue = id >= 0 ? fields.get(id) : phoneValue;
            long userId;
            try {
                userId = Long.parseLong(idValue);
            } catch (NumberFormatException e) {
                throw new BadRowException(
                        source, line, (id >= 0 ? "id" : "phone") + " '" + idValue + "' is not a positive integer");
            }
            if (userId <= 0) {
                throw new BadRowException(source, line, "id " + userId + " must be positive");
            }
            String nick = nickName >= 0
                            && nickName < fields.size()
                            && !fields.get(nickName).isBlank()
                    ? fields.get(nickName)
                    : "user_" + (phoneValue.length() > 4 ? phoneValue.substring(phoneValue.length() - 4) : idValue);
            String iconValue = icon >= 0 && icon < fields.size() ? fields.get(icon) : "";
            return new UserSession(new UserId(userId), nick, iconValue);
        }
    }
}
