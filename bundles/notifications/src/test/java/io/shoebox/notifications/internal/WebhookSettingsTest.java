package io.shoebox.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import io.shoebox.notifications.internal.NoticeEvent.Occasion;

class WebhookSettingsTest {

    @Test
    void only_http_and_https_addresses_with_a_host_are_accepted() {
        assertThat(WebhookSettings.url(" https://hooks.example.org/shoebox ")).hasHost("hooks.example.org");
        assertThatThrownBy(() -> WebhookSettings.url("ftp://example.org/x")).hasMessage("url: must be an http or https address with a host");
        assertThatThrownBy(() -> WebhookSettings.url("hooks.example.org/x")).hasMessageStartingWith("url:");
        assertThatThrownBy(() -> WebhookSettings.url("http://exa mple.org")).hasMessage("url: not a valid URL");
        assertThatThrownBy(() -> WebhookSettings.url("")).hasMessage("url: a webhook needs a URL");
    }

    @Test
    void the_log_sees_only_scheme_host_and_port_never_the_path_or_the_secret() {
        WebhookSettings settings = new WebhookSettings("chat", URI.create("https://hooks.slack.com/services/T0/B0/SECRETPATH"),
                EnumSet.of(Occasion.FAILURE), "Authorization", "Bearer hunter2", Duration.ofSeconds(1), 0, Duration.ZERO);

        assertThat(settings.destination()).isEqualTo("https://hooks.slack.com");
        assertThat(settings.toString()).contains("chat", "hooks.slack.com").doesNotContain("SECRETPATH", "hunter2");
    }
}
