package dev.seckill.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seckill.domain.model.UserId;
import dev.seckill.domain.model.UserSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserCsvTest {

    private static List<UserSession> read(String text) throws IOException {
        return UserCsv.read("users.csv", new BufferedReader(new StringReader(text)));
    }

    @Test
    void readsAnHmdpUserExport() throws IOException {
        List<UserSession> users = read("""
                id,phone,password,nick_name,icon,create_time,update_time
                1,13686869696,,小鱼同学,/imgs/blogs/blog1.jpg,2021-12-24 10:27:19,2022-01-11 16:04:00
                2,13838411438,,可可今天不吃肉,,2021-12-24 15:14:39,2021-12-28 19:58:07
                """);

        assertThat(users)
                .containsExactly(
                        new UserSession(new UserId(1), "小鱼同学", "/imgs/blogs/blog1.jpg"),
                        new UserSession(new UserId(2), "可可今天不吃肉", ""));
    }

    @Test
    void readsIdPhoneRowsAndBarePhones() throws IOException {
        assertThat(read("7,13800000007\n8,13800000008\n"))
                .extracting(UserSession::userId)
                .containsExactly(new UserId(7), new UserId(8));
        assertThat(read("13800000009\n\n13800000010\n"))
                .extracting(UserSession::userId, UserSession::nickName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(new UserId(13800000009L), "user_0009"),
                        org.assertj.core.groups.Tuple.tuple(new UserId(13800000010L), "user_0010"));
    }

    @Test
    void quotedFieldsMayHoldCommasAndAByteOrderMarkOrCommentIsSkipped() throws IOException {
        assertThat(read("\uFEFFid,phone,nick_name\n# exported today\n3,\"13800000003\",\"Smith, John\"\n"))
                .containsExactly(new UserSession(new UserId(3), "Smith, John", ""));
    }

    @Test
    void aBadRowNamesItsLine() {
        assertThatThrownBy(() -> read("id,phone\n1,138\nx,139\n"))
                .isInstanceOf(UserCsv.BadRowException.class)
                .hasMessage("users.csv line 3: id 'x' is not a positive integer");
        assertThatThrownBy(() -> read("id,phone\n1,138\n-4,139\n")).hasMessageContaining("line 3");
        assertThatThrownBy(() -> read("id,phone\n\n1,138\n\nx,139")).hasMessageContaining("line 5");
        assertThatThrownBy(() -> read("id,phone,nick_name\n1\n"))
                .hasMessageContaining("line 2")
                .hasMessageContaining("fields");
    }
}
