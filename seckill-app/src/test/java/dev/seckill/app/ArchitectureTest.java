package dev.seckill.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.seckill.domain.port.out.ServiceUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hexagon's dependency rules, checked on the production classes of every module. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the domain's test-jar (fakes and contract tests) is test code too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.seckill");

    private static final String DOMAIN = "dev.seckill.domain..";
    private static final String DOMAIN_SERVICE = "dev.seckill.domain.service..";
    private static final String APP = "dev.seckill.app..";
    private static final String TRACING = "dev.seckill.tracing..";
    private static final String[] TRACING_SDK = {"io.opentelemetry.sdk..", "io.opentelemetry.exporter.."};

    /** Each adapter's package, and the packages of the technology only it may use. */
    private static final Map<String, List<String>> ADAPTERS = Map.of(
            "dev.seckill.redis..", List.of("io.lettuce.."),
            "dev.seckill.kafka..", List.of("org.apache.kafka.."),
            "dev.seckill.mysql..", List.of("org.jdbi..", "com.zaxxer..", "com.mysql..", "org.flywaydb.."),
            "dev.seckill.http..", List.of("io.javalin.."),
            "dev.seckill.smtp..", List.of("jakarta.mail..", "org.eclipse.angus.."));

    @Test
    void theDomainDependsOnlyOnJava() {
        noClasses()
                .that()
                .resideInAPackage(DOMAIN)
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("java..", DOMAIN)
                .check(CLASSES);
    }

    @Test
    void adaptersDependNeitherOnEachOtherNorOnTheUseCaseImplementations() {
        ADAPTERS.keySet().forEach(adapter -> {
            String[] others = Stream.concat(
                            ADAPTERS.keySet().stream().filter(other -> !other.equals(adapter)),
                            Stream.of(DOMAIN_SERVICE, APP))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(adapter)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(CLASSES);
        });
    }

    @Test
    void theHttpAdapterDrivesUseCasesNotOutPorts() {
        // the one out-port type it knows is the failure a use case passes on (a backing service is down: 503)
        noClasses()
                .that()
                .resideInAPackage("dev.seckill.http..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.seckill.domain.port.out..")
                        .and(DescribedPredicate.not(
                                JavaClass.Predicates.equivalentTo(ServiceUnavailableException.class))))
                .check(CLASSES);
    }

    @Test
    void eachTechnologyStaysInItsAdapterAndTheApp() {
        ADAPTERS.forEach((adapter, technologies) -> noClasses()
                .that()
                .resideOutsideOfPackages(adapter, APP)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(technologies.toArray(String[]::new))
                .check(CLASSES));
    }

    @Test
    void theTracingSdkAndItsExportersStayInTheApp() {
        // the adapters and the shared tracing module see the OpenTelemetry API only; the domain not even that
        noClasses()
                .that()
                .resideOutsideOfPackage(APP)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TRACING_SDK)
                .check(CLASSES);
    }

    @Test
    void theSharedTracingModuleKnowsNoAdapter() {
        noClasses()
                .that()
                .resideInAPackage(TRACING)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(Stream.concat(ADAPTERS.keySet().stream(), Stream.of(DOMAIN_SERVICE, APP))
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void everyPackageTheRulesNameHoldsClasses() {
        assertThat(CLASSES.stream()
                        .filter(c -> c.getPackageName().startsWith(APP.replace("..", "")))
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("io.opentelemetry.sdk")))
                .as("the app uses the OpenTelemetry SDK (else the rule keeping it there checks nothing)")
                .isTrue();
        Stream.concat(Stream.of(DOMAIN, DOMAIN_SERVICE, APP, TRACING), ADAPTERS.keySet().stream())
                .forEach(pkg -> assertThat(CLASSES.stream()
                                .filter(c -> c.getPackageName().startsWith(pkg.replace("..", "")))
                                .count())
                        .as("classes in %s (a rule about an empty package checks nothing)", pkg)
                        .isPositive());
        ADAPTERS.forEach((adapter, technologies) -> assertThat(CLASSES.stream()
                        .filter(c -> c.getPackageName().startsWith(adapter.replace("..", "")))
                        .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                        .anyMatch(d -> technologies.stream()
                                .anyMatch(
                                        t -> d.getTargetClass().getPackageName().startsWith(t.replace("..", "")))))
                .as("%s uses one of %s (else the rule keeping them there checks nothing)", adapter, technologies)
                .isTrue());
    }
}
