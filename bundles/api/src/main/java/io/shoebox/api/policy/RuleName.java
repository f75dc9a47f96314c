package io.shoebox.api.policy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type naming a retention or selection rule, as policies refer to it:
 * {@code @RuleName("standard")} gives the service the property {@value RetentionRule#RULE_PROPERTY}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface RuleName {

    /** Prefix of the property name, which is {@value RetentionRule#RULE_PROPERTY}. */
    String PREFIX_ = "shoebox.";

    /** The name policies use for the rule. */
    String value();
}
