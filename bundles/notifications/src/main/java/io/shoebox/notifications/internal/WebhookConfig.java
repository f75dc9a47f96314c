package io.shoebox.notifications.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        name = "Webhook notification",
        description = "POSTs a JSON message to a URL when a backup, check, prune or copy job or a policy run fails,"
                + " when a policy is overdue, and on request when one succeeds.")
public @interface WebhookConfig {

    @AttributeDefinition(name = "URL", description = "http or https address that receives the POST.")
    String url();

    @AttributeDefinition(name = "On failure", description = "Send failed jobs, failed policy runs and rejected policies.",
            required = false)
    boolean onFailure() default true;

    @AttributeDefinition(name = "On success", description = "Send succeeded jobs and policy runs too.", required = false)
    boolean onSuccess() default false;

    @AttributeDefinition(name = "On overdue", description = "Send policies that should have succeeded by now and have not.",
            required = false)
    boolean onOverdue() default true;

    @AttributeDefinition(name = "Secret", type = AttributeType.PASSWORD, required = false,
            description = "Sent with every POST so the receiver knows it is this server: as 'Authorization: Bearer <secret>',"
                    + " or as the value of the header named below.")
    String secret() default "";

    @AttributeDefinition(name = "Secret header", required = false,
            description = "Header that carries the secret. 'Authorization' sends it as a bearer token; any other header"
                    + " gets the secret as it is (for example X-Gitlab-Token).")
    String secretHeader() default "Authorization";

    @AttributeDefinition(name = "Timeout (seconds)", required = false, min = "1",
            description = "How long one attempt may take to connect and be answered.")
    int timeoutSeconds() default 10;

    @AttributeDefinition(name = "Retries", required = false, min = "0",
            description = "Further attempts after a failed one (no answer, or HTTP 408, 429 or 5xx), waiting 2, 4, 8 ... seconds between them.")
    int retries() default 3;
}
