package io.shoebox.engine.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class MetatypeFieldsTest {

    @Test
    void values_from_json_or_forms_convert_to_the_field_type() {
        assertThat(MetatypeFields.convert("true", "boolean")).isEqualTo(true);
        assertThat(MetatypeFields.convert(false, "boolean")).isEqualTo(false);
        assertThat(MetatypeFields.convert("22", "integer")).isEqualTo(22L);
        assertThat(MetatypeFields.convert(22, "long")).isEqualTo(22L);
        assertThat(MetatypeFields.convert("0.25", "double")).isEqualTo(0.25);
        assertThat(MetatypeFields.convert(5, "string")).isEqualTo("5");
    }

    @Test
    void values_that_do_not_fit_are_refused_with_what_was_expected() {
        assertThatThrownBy(() -> MetatypeFields.convert("maybe", "boolean")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> MetatypeFields.convert("22.5", "integer")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> MetatypeFields.convert(1L << 40, "integer")).hasMessageContaining("too large");
        assertThatThrownBy(() -> MetatypeFields.convert("lots", "double")).hasMessageContaining("number");
    }

    @Test
    void metatype_types_map_to_form_types_with_passwords_kept_apart() {
        assertThat(MetatypeFields.typeName(AttributeDefinition.PASSWORD)).isEqualTo("password");
        assertThat(MetatypeFields.typeName(AttributeDefinition.STRING)).isEqualTo("string");
        assertThat(MetatypeFields.typeName(AttributeDefinition.INTEGER)).isEqualTo("integer");
        assertThat(MetatypeFields.typeName(AttributeDefinition.BOOLEAN)).isEqualTo("boolean");
    }
}
