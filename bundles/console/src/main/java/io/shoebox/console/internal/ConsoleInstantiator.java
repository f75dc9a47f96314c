package io.shoebox.console.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.server.VaadinService;

import io.shoebox.console.internal.services.Shoebox;

/**
 * Creates views and layouts, handing {@link Shoebox} to those whose constructor takes it: OSGi services
 * reach the views without static state, which would outlive an update of this bundle.
 */
final class ConsoleInstantiator extends DefaultInstantiator {

    private static final long serialVersionUID = 1L;
    private final transient Shoebox shoebox;

    ConsoleInstantiator(VaadinService service, Shoebox shoebox) {
        super(service);
        this.shoebox = shoebox;
    }

    @Override
    public <T> T getOrCreate(Class<T> type) {
        Constructor<T> constructor;
        try {
            constructor = type.getConstructor(Shoebox.class);
        } catch (NoSuchMethodException e) {
            return super.getOrCreate(type);
        }
        try {
            return constructor.newInstance(shoebox);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("cannot create " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }
}
