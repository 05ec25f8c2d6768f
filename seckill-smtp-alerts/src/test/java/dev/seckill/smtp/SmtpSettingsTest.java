package dev.seckill.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    @Test
    void refusesABlankRecipient() {
        assertThatThrownBy(() -> new SmtpSettings("mail", 25, "", "", "a@b.c", List.of(" "), false))
                .hasMessageContaining("smtp.to");
    }

    @Test
    void neverPrintsThePassword() {
        SmtpSettings smtp = new SmtpSettings("mail", 587, "ops", "s3cret", "a@b.c", List.of("ops@b.c"), true);

        assertThat(smtp.toString()).doesNotContain("s3cret");
    }
}
