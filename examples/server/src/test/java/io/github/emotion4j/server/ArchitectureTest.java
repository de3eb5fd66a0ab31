package io.github.emotion4j.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The server keeps Jetty in its own package, JavaCV in the duration probe, and uses no core internals or engines. */
@AnalyzeClasses(packages = "io.github.emotion4j.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule javacvOnlyInTheProbe = noClasses().that().doNotHaveSimpleName("MediaDuration")
            .should().dependOnClassesThat().resideInAnyPackage("org.bytedeco..");

    @ArchTest
    static final ArchRule noEnginesOrInternals = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("ai.onnxruntime..", "ai.djl..", "io.github.emotion4j.core.internal..");

    @ArchTest
    static final ArchRule benchUsesThePublicApiOverHttp = noClasses().that().resideInAPackage("..server.bench..")
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..");
}
