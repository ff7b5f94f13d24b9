package com.hostflow.simulator.vmmanager6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class WhereFilterTest {

    private static final Map<String, Object> TASK = Map.of("consul_id", 123, "name", "host_create", "status", "running");

    @Test
    void matchesQuotedAndUnquotedValues() {
        assertThat(matches("(consul_id+EQ+'123')")).isTrue();
        assertThat(matches("(consul_id+EQ+123)")).isTrue();
        assertThat(matches("(consul_id+EQ+124)")).isFalse();
        assertThat(matches("(name+NE+host_stop)")).isTrue();
    }

    @Test
    void combinesWithAndOrAndParentheses() {
        assertThat(matches("((consul_id+EQ+'123')+AND+(name+EQ+'host_create'))")).isTrue();
        assertThat(matches("((consul_id+EQ+'123')+AND+(name+EQ+'host_stop'))")).isFalse();
        assertThat(matches("((consul_id+EQ+'9')+OR+(name+EQ+'host_create'))")).isTrue();
        assertThat(matches("(consul_id+EQ+9)+OR+(name+EQ+x)+AND+(status+EQ+running)"))
                .as("AND binds tighter than OR").isFalse();
        assertThat(matches("((consul_id+EQ+9)+OR+(name+EQ+host_create))+AND+(status+EQ+running)")).isTrue();
    }

    @Test
    void namesTheValueAFieldMustEqualOnlyWhenNoOtherValueCanMatch() {
        assertThat(WhereFilter.parse("((consul_id+EQ+'123')+AND+(name+EQ+host_create))").requiredValue("consul_id"))
                .isEqualTo("123");
        assertThat(WhereFilter.parse("(name+EQ+x)+AND+(consul_id+EQ+7)").requiredValue("consul_id")).isEqualTo("7");
        assertThat(WhereFilter.parse("(consul_id+EQ+7)+OR+(name+EQ+x)").requiredValue("consul_id")).isNull();
        assertThat(WhereFilter.parse("(consul_id+NE+7)").requiredValue("consul_id")).isNull();
        assertThat(WhereFilter.parse("(consul_id+CP+7)").requiredValue("consul_id")).isNull();
        assertThat(WhereFilter.parse("(name+EQ+7)").requiredValue("consul_id")).isNull();
    }

    @Test
    void containsIgnoresCase() {
        assertThat(matches("(name+CP+'CREATE')")).isTrue();
        assertThat(matches("(name+CP+stop)")).isFalse();
        assertThat(matches("(name+NC+stop)")).isTrue();
    }

    @Test
    void acceptsBlanksAndKeepsPlusSignsInsideQuotes() {
        assertThat(WhereFilter.parse("(email EQ 'a+b@example.com')").matches(f -> "a+b@example.com")).isTrue();
        assertThat(WhereFilter.parse("(comment+EQ+'open key 1')").matches(f -> "open key 1")).isTrue();
    }

    @Test
    void readsTheRawParameterDecodingPercentButNotPlus() {
        assertThat(WhereFilter.rawParameter("a=1&where=((id+EQ+'1')+AND+(name+EQ+%27x%27))&b=2", "where"))
                .isEqualTo("((id+EQ+'1')+AND+(name+EQ+'x'))");
        assertThat(WhereFilter.rawParameter("where=%28email%2BEQ%2B%27a%40b%27%29", "where"))
                .isEqualTo("(email+EQ+'a@b')");
        assertThat(WhereFilter.rawParameter("x=1", "where")).isNull();
    }

    @Test
    void refusesBrokenFilters() {
        assertThatThrownBy(() -> WhereFilter.parse("(id+EQ+'1'")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WhereFilter.parse("(id+LIKE+1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WhereFilter.parse("(id+EQ+'1)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WhereFilter.parse("(id+EQ)")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean matches(String filter) {
        return WhereFilter.parse(filter).matches(TASK::get);
    }
}
