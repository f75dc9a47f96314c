package io.shoebox.notifications.internal;

import java.time.Clock;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.job.JobService;

/**
 * A webhook: one factory configuration {@code shoebox.notify.webhook~<name>}, for example
 * {@code config/shoebox.notify.webhook~ops.cfg.json}.
 *
 * <p>The component registers its event handler itself instead of letting DS do it. DS would copy
 * the configuration into the service's properties, where any bundle and the shell's
 * {@code inspect} could read the secret and the URL (chat webhook URLs hold a token); the handler
 * registered here carries only its topics.
 */
@Component(configurationPid = Webhook.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = WebhookConfig.class, factory = true)
public class Webhook {

    static final String FACTORY_PID = "shoebox.notify.webhook";

    private final WebhookNotifier notifier;
    private final ServiceRegistration<EventHandler> registration;

    @Activate
    public Webhook(@Reference(service = LoggerFactory.class) Logger log, WebhookConfig config, BundleContext context,
            @Reference JobService jobs, java.util.Map<String, Object> properties) {
        WebhookSettings settings = WebhookSettings.of(name(properties), config);
        this.notifier = new WebhookNotifier(settings, new Notices(jobs::get, Notices.hostName(), Clock.systemUTC()),
                log);
        Hashtable<String, Object> handlerProperties = new Hashtable<>();
        handlerProperties.put(EventConstants.EVENT_TOPIC, Notices.TOPICS);
        this.registration = context.registerService(EventHandler.class, notifier, handlerProperties);
        log.info("Notifying {}", settings);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        notifier.close();
    }

    /** The configuration's name: what follows the {@code ~} in its PID. */
    private static String name(java.util.Map<String, Object> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        return tilde < 0 ? pid : pid.substring(tilde + 1);
    }
}
