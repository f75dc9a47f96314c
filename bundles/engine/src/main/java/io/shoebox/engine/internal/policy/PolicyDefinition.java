package io.shoebox.engine.internal.policy;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.shoebox.api.policy.PolicyService;

/**
 * One policy configuration ({@code shoebox.policy~<name>}, from a file in {@code config/} or the
 * API), handed as it is to the {@link PolicyManager}, which checks and schedules it. Declarative
 * Services creates one per configuration. A changed configuration is taken in place, so the policy
 * never disappears from the API or the schedule while it is being edited.
 */
@Component(service = PolicyDefinition.class, configurationPid = PolicyService.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PolicyConfig.class, factory = true)
public class PolicyDefinition {

    private final String name;
    private volatile Map<String, Object> properties;

    @Activate
    public PolicyDefinition(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
        String pid = String.valueOf(properties.get("service.pid"));
        this.name = pid.substring(pid.indexOf('~') + 1);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    String name() {
        return name;
    }

    Map<String, Object> properties() {
        return properties;
    }
}
