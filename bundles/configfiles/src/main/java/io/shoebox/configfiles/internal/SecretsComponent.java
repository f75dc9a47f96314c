package io.shoebox.configfiles.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.shoebox.api.admin.SecretCodec;
import io.shoebox.api.admin.ShoeboxHome;
import io.shoebox.api.source.Source;
import io.shoebox.api.storage.Storage;

/**
 * Seals secrets for storage in configurations, and, as a configuration plugin, hands components
 * their configuration with secrets opened. It also names each target and source service after
 * its configuration ({@code shoebox.storage.local~disk} registers with {@code shoebox.target=disk}),
 * so providers need not repeat that.
 */
@Component(
        service = {SecretCodec.class, ConfigurationPlugin.class},
        property = {ConfigurationPlugin.CM_RANKING + ":Integer=0", "config.plugin.id=shoebox.secrets"})
public class SecretsComponent implements SecretCodec, ConfigurationPlugin {

    /** Framework property naming the data directory. */
    static final String KEY_FILE = "secret.key";

    private final SealedSecrets secrets;

    @Activate
    public SecretsComponent(BundleContext context) throws IOException {
        this.secrets = SealedSecrets.fromKeyFile(ShoeboxHome.of(context).resolve(KEY_FILE));
    }

    @Override
    public String seal(String plain) {
        return secrets.seal(plain);
    }

    @Override
    public String open(String value) {
        return secrets.open(value);
    }

    @Override
    public boolean isSealed(String value) {
        return secrets.isSealed(value);
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (properties.get(key) instanceof String value && secrets.isSealed(value)) {
                properties.put(key, secrets.open(value));
            }
        }
        nameAfterPid(properties, Storage.FACTORY_PID_PREFIX, Storage.TARGET_PROPERTY);
        nameAfterPid(properties, Source.FACTORY_PID_PREFIX, Source.SOURCE_PROPERTY);
    }

    private static void nameAfterPid(Dictionary<String, Object> properties, String factoryPrefix, String nameProperty) {
        Object factoryPid = properties.get("service.factoryPid");
        Object pid = properties.get("service.pid");
        if (factoryPid != null && pid != null && factoryPid.toString().startsWith(factoryPrefix)) {
            int tilde = pid.toString().indexOf('~');
            if (tilde > 0) {
                properties.put(nameProperty, pid.toString().substring(tilde + 1));
            }
        }
    }
}
