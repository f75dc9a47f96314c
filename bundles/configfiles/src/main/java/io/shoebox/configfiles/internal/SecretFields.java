package io.shoebox.configfiles.internal;

import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Which properties of a configuration are secrets, as the Metatype of its owner declares them. */
@Component(service = SecretFields.class)
public class SecretFields {

    private final MetaTypeService metaType;
    private final BundleContext context;

    @Activate
    public SecretFields(@Reference MetaTypeService metaType, BundleContext context) {
        this.metaType = metaType;
        this.context = context;
    }

    /** Keys typed {@code PASSWORD} in the Metatype of a PID or factory PID; empty if none is known. */
    public Set<String> of(String pid) {
        Set<String> keys = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = metaType.getMetaTypeInformation(bundle);
            if (information == null || !declares(information, pid)) {
                continue;
            }
            ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
            AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
            if (attributes != null) {
                for (AttributeDefinition attribute : attributes) {
                    if (attribute.getType() == AttributeDefinition.PASSWORD) {
                        keys.add(attribute.getID());
                    }
                }
            }
        }
        return keys;
    }

    private static boolean declares(MetaTypeInformation information, String pid) {
        return Set.of(information.getPids()).contains(pid) || Set.of(information.getFactoryPids()).contains(pid);
    }
}
