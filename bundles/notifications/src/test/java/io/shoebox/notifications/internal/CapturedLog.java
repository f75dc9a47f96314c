package io.shoebox.notifications.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.log.Logger;

/**
 * The log lines of this bundle's components, as they write them to the OSGi {@link Logger} they are
 * given: the level as the Log Service names it ({@code WARN}, {@code INFO}, ...), a space, and the
 * message with its {@code {}} placeholders filled in order. A trailing Throwable is the entry's
 * exception, not a message argument, as the Log Service has it.
 */
final class CapturedLog {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, arguments) -> invoke(method, arguments));

    /** The logger to give the component under test. */
    Logger logger() {
        return logger;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    List<String> warnings() {
        return lines.stream().filter(line -> line.startsWith("WARN ")).toList();
    }

    private Object invoke(Method method, Object[] arguments) {
        String name = method.getName();
        if (name.startsWith("is")) {
            return true; // isWarnEnabled() and the like
        }
        if (name.equals("getName")) {
            return "captured";
        }
        if (arguments != null && arguments.length > 0 && arguments[0] instanceof String format) {
            List<Object> values = new ArrayList<>();
            for (int i = 1; i < arguments.length; i++) {
                if (method.isVarArgs() && i == arguments.length - 1) {
                    values.addAll(Arrays.asList((Object[]) arguments[i]));
                } else {
                    values.add(arguments[i]);
                }
            }
            if (!values.isEmpty() && values.get(values.size() - 1) instanceof Throwable) {
                values.remove(values.size() - 1);
            }
            lines.add(name.toUpperCase(Locale.ROOT) + " " + format(format, values));
        }
        return null;
    }

    private static String format(String format, List<Object> values) {
        StringBuilder message = new StringBuilder();
        int next = 0;
        int from = 0;
        for (int at = format.indexOf("{}"); at >= 0 && next < values.size(); at = format.indexOf("{}", from)) {
            message.append(format, from, at).append(values.get(next++));
            from = at + 2;
        }
        return message.append(format.substring(from)).toString();
    }
}
