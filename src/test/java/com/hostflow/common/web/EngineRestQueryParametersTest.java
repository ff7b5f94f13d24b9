package com.hostflow.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;

import jakarta.ws.rs.QueryParam;

/** The yes/no query parameters checked are every one the engine REST's resources let JAX-RS read. */
class EngineRestQueryParametersTest {

    @Test
    void everyYesOrNoQueryParameterOfTheEngineRestIsChecked() throws Exception {
        Set<String> yesOrNo = new TreeSet<>();
        CachingMetadataReaderFactory readers = new CachingMetadataReaderFactory();
        for (Resource type : new PathMatchingResourcePatternResolver()
                .getResources("classpath*:org/camunda/bpm/engine/rest/**/*.class")) {
            String name = readers.getMetadataReader(type).getClassMetadata().getClassName();
            Class<?> resource;
            try {
                resource = Class.forName(name, false, getClass().getClassLoader());
                for (Method method : resource.getDeclaredMethods()) {
                    for (Parameter parameter : method.getParameters()) {
                        QueryParam query = parameter.getAnnotation(QueryParam.class);
                        if (query != null && (parameter.getType() == Boolean.class
                                || parameter.getType() == boolean.class)) {
                            yesOrNo.add(query.value());
                        }
                    }
                }
            } catch (LinkageError | ClassNotFoundException optionalDependencyMissing) {
                // a class of the engine REST that needs a library HostFlow does not ship serves no request here
            }
        }

        assertThat(yesOrNo).as("found by the scan").contains("deserializeValues", "failedJobs");
        assertThat(EngineRestQueryParameters.YES_OR_NO).containsAll(yesOrNo);
    }
}
