package io.shoebox.notifications.internal;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.shoebox.notifications.internal.NoticeEvent.Occasion;

/**
 * A webhook's configuration, checked.
 *
 * @param name the configuration's name ({@code ops} for {@code shoebox.notify.webhook~ops})
 * @param url where to POST
 * @param occasions which kinds of news it wants
 * @param secretHeader header carrying the secret, {@code null} when there is no secret
 * @param secretValue that header's value ({@code Bearer ...} for {@code Authorization})
 * @param timeout per attempt
 * @param retries attempts after the first
 * @param firstBackoff wait before the first retry, doubled for each further one
 */
record WebhookSettings(String name, URI url, Set<Occasion> occasions, String secretHeader, String secretValue,
        Duration timeout, int retries, Duration firstBackoff) {

    static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

    static WebhookSettings of(String name, WebhookConfig config) {
        Set<Occasion> occasions = EnumSet.noneOf(Occasion.class);
        if (config.onFailure()) {
            occasions.add(Occasion.FAILURE);
        }
        if (config.onSuccess()) {
            occasions.add(Occasion.SUCCESS);
        }
        if (config.onOverdue()) {
            occasions.add(Occasion.OVERDUE);
        }
        return new WebhookSettings(name, url(config.url()), occasions,
                config.secret() == null || config.secret().isEmpty() ? null : headerName(config.secretHeader()),
                secretValue(config.secretHeader(), config.secret()), Duration.ofSeconds(Math.max(1, config.timeoutSeconds())),
                Math.max(0, config.retries()), FIRST_BACKOFF);
    }

    static URI url(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: a webhook needs a URL");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url: not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("url: must be an http or https address with a host");
        }
        return uri;
    }

    private static String headerName(String header) {
        return header == null || header.isBlank() ? "Authorization" : header.strip();
    }

    private static String secretValue(String header, String secret) {
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        return headerName(header).equalsIgnoreCase("Authorization") ? "Bearer " + secret : secret;
    }

    /**
     * Where the webhook goes, for the log: scheme, host and port only, since chat webhook URLs
     * (Slack, Discord) carry their token in the path.
     */
    String destination() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    /** Never prints the secret, should a settings object ever end up in a log line. */
    @Override
    public String toString() {
        return "webhook '" + name + "' to " + destination() + " on " + occasions
                + (secretHeader == null ? "" : " with secret in " + secretHeader);
    }
}
