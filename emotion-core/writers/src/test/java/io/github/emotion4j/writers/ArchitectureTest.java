package io.github.emotion4j.writers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The writers need only core, Jackson, Commons CSV and the JDK: no modality module, engine, logging binding or CLI. */
@AnalyzeClasses(packages = "io.github.emotion4j.writers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyCoreJacksonCommonsCsvAndTheJdk = classes().should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.github.emotion4j.writers..", "io.github.emotion4j.core..", "com.fasterxml.jackson..",
                    "org.apache.commons.csv..",
                    "java..", "javax..", "org.w3c..", "org.xml..");
}
