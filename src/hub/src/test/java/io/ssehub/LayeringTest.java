package io.ssehub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package layering of the hub, checked on the main classes (tests are not imported).
 *
 * <p>Every rule names packages, never classes, so classes can move between packages freely: a rule only
 * fails when a dependency crosses a layer the wrong way. From the bottom up:
 *
 * <ul>
 *   <li>protocol: {@code event..}, {@code refusal} (shared with the Java client);
 *   <li>core, container-free: {@code core}, {@code fanout}, {@code eventlog}, {@code wire}, {@code config},
 *       {@code metrics};
 *   <li>{@code security} (JAX-RS filters), then {@code jaxrs} (the hub behind the standard JAX-RS SSE API),
 *       then the protocols {@code api} (the native resources) and {@code mercure} (the Mercure protocol), which
 *       never import each other, then {@code app} (the composition root);
 *   <li>the runtimes {@code runtime.grizzly} and {@code runtime.servlet}, the only places a container's own API
 *       is used; inside the servlet runtime, Undertow's own API only in {@code runtime.servlet.undertow};
 *   <li>{@code client} (its own jar, on the protocol only) and {@code cli} (the top).
 * </ul>
 *
 * <p>A rule whose packages have no classes fails ("failed to check any classes"): a package of the layout
 * is missing or was renamed.
 */
@AnalyzeClasses(packages = "io.ssehub", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String[] PROTOCOL = {"io.ssehub.event..", "io.ssehub.refusal.."};

    private static final String[] CORE = {
        "io.ssehub.core..",
        "io.ssehub.fanout..",
        "io.ssehub.eventlog..",
        "io.ssehub.wire..",
        "io.ssehub.config..",
        "io.ssehub.metrics.."
    };

    private static final String JAXRS_API = "jakarta.ws.rs..";
    private static final String SERVLET_API = "jakarta.servlet..";
    private static final String JERSEY = "org.glassfish.jersey..";
    private static final String GRIZZLY = "org.glassfish.grizzly..";
    /** Jersey's Grizzly container (jersey-container-grizzly2-http): Grizzly-specific, like Grizzly itself. */
    private static final String JERSEY_GRIZZLY = "org.glassfish.jersey.grizzly2..";
    /** Jersey's servlet container (jersey-container-servlet): servlet-specific, like the servlet API. */
    private static final String JERSEY_SERVLET = "org.glassfish.jersey.servlet..";

    private static final String JAXRS = "io.ssehub.jaxrs..";
    private static final String SECURITY = "io.ssehub.security..";
    private static final String SCHEDULE = "io.ssehub.schedule..";
    private static final String API = "io.ssehub.api..";
    private static final String MERCURE = "io.ssehub.mercure..";
    private static final String APP = "io.ssehub.app..";
    private static final String RUNTIME = "io.ssehub.runtime..";
    private static final String RUNTIME_GRIZZLY = "io.ssehub.runtime.grizzly..";
    private static final String RUNTIME_SERVLET = "io.ssehub.runtime.servlet..";
    private static final String CLI = "io.ssehub.cli..";
    private static final String CLIENT = "io.ssehub.client..";
    private static final String EVENTLOG_REDIS = "io.ssehub.eventlog.redis..";
    private static final String LETTUCE = "io.lettuce..";
    private static final String RUNTIME_SERVLET_UNDERTOW = "io.ssehub.runtime.servlet.undertow..";
    private static final String UNDERTOW = "io.undertow..";
    private static final String XNIO = "org.xnio..";

    /**
     * One slice per top-level package {@code io.ssehub.X}, and one per runtime {@code io.ssehub.runtime.X}
     * (each runtime is its own layer). Sub-packages belong to their top-level package's slice.
     */
    private static final SliceAssignment TOP_LEVEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (!name.startsWith("io.ssehub.")) {
                return SliceIdentifier.ignore();
            }
            String[] parts = name.substring("io.ssehub.".length()).split("\\.");
            if (parts[0].equals("runtime") && parts.length > 1) {
                return SliceIdentifier.of("runtime." + parts[1]);
            }
            return SliceIdentifier.of(parts[0]);
        }

        @Override
        public String getDescription() {
            return "the top-level packages io.ssehub.*, each runtime io.ssehub.runtime.* separately";
        }
    };

    @ArchTest
    static final ArchRule protocol_depends_on_no_other_hub_package =
            noClasses().that().resideInAnyPackage(PROTOCOL)
                    .should().dependOnClassesThat(
                            JavaClass.Predicates.resideInAPackage("io.ssehub..")
                                    .and(JavaClass.Predicates.resideOutsideOfPackages(PROTOCOL)))
                    .because("the protocol packages are shared with the Java client, whose jar carries "
                            + "nothing else of the hub");

    @ArchTest
    static final ArchRule core_is_container_free =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage(JAXRS_API, SERVLET_API, JERSEY, GRIZZLY)
                    .because("the core (hub, fan-out, event log, wire format, configuration, metrics) runs "
                            + "and is tested without any container; JAX-RS is adapted to it in io.ssehub.jaxrs");

    @ArchTest
    static final ArchRule core_depends_on_no_outer_layer =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            SECURITY, JAXRS, SCHEDULE, API, MERCURE, APP, RUNTIME, CLI, CLIENT)
                    .because("the core is the bottom of the hub: the JAX-RS layers, the runtimes and the "
                            + "command line are built on it, never the other way round");

    @ArchTest
    static final ArchRule security_depends_on_no_upper_layer =
            noClasses().that().resideInAPackage(SECURITY)
                    .should().dependOnClassesThat().resideInAnyPackage(API, MERCURE, APP, RUNTIME, CLI, CLIENT)
                    .because("the access, token and limit filters are plain JAX-RS providers that the "
                            + "resources and the application use, whatever runtime serves them");

    @ArchTest
    static final ArchRule jaxrs_depends_on_no_upper_layer_nor_container =
            noClasses().that().resideInAPackage(JAXRS)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            API, MERCURE, APP, RUNTIME, CLI, CLIENT, GRIZZLY, JERSEY_GRIZZLY, SERVLET_API, JERSEY_SERVLET)
                    .because("the hub behind the standard JAX-RS SSE API works in any JAX-RS runtime; what a "
                            + "runtime adds (its sink outputs) is handed in, not looked up");

    @ArchTest
    static final ArchRule api_depends_on_no_upper_layer_nor_container =
            noClasses().that().resideInAPackage(API)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            MERCURE, APP, RUNTIME, CLI, CLIENT, GRIZZLY, JERSEY_GRIZZLY, SERVLET_API, JERSEY_SERVLET)
                    .because("the resources are the same in the embedded server and in the WAR; they are "
                            + "composed by io.ssehub.app, not the other way round; and one protocol never "
                            + "imports another");

    @ArchTest
    static final ArchRule mercure_depends_on_no_other_protocol_nor_upper_layer_nor_container =
            noClasses().that().resideInAPackage(MERCURE)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            API, APP, RUNTIME, CLI, CLIENT, GRIZZLY, JERSEY_GRIZZLY, SERVLET_API, JERSEY_SERVLET)
                    .because("the Mercure protocol calls the core and the shared security and JAX-RS pieces, as "
                            + "the native API does, in the embedded server and in the WAR alike; protocols never "
                            + "import each other");

    @ArchTest
    static final ArchRule app_depends_on_no_runtime_nor_container =
            noClasses().that().resideInAPackage(APP)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            RUNTIME, CLI, CLIENT, GRIZZLY, JERSEY_GRIZZLY, SERVLET_API, JERSEY_SERVLET)
                    .because("the composition root (a ResourceConfig) is deployed unchanged by every runtime: "
                            + "the WAR has no Grizzly, the executable jar no servlet API");

    @ArchTest
    static final ArchRule only_runtime_grizzly_touches_grizzly =
            noClasses().that().resideOutsideOfPackage(RUNTIME_GRIZZLY)
                    .should().dependOnClassesThat().resideInAnyPackage(GRIZZLY, JERSEY_GRIZZLY)
                    .because("Grizzly is the embedded server only: the WAR leaves its jars out "
                            + "(packagingExcludes), so a class outside io.ssehub.runtime.grizzly that needs "
                            + "them fails in a servlet container");

    @ArchTest
    static final ArchRule only_runtime_servlet_touches_servlet =
            noClasses().that().resideOutsideOfPackage(RUNTIME_SERVLET)
                    .should().dependOnClassesThat().resideInAnyPackage(SERVLET_API, JERSEY_SERVLET)
                    .because("the servlet API is provided by the container (scope provided): it is absent "
                            + "from the executable jar and the client jar");

    @ArchTest
    static final ArchRule only_runtime_servlet_undertow_touches_undertow =
            noClasses().that().resideOutsideOfPackage(RUNTIME_SERVLET_UNDERTOW)
                    .should().dependOnClassesThat().resideInAnyPackage(UNDERTOW, XNIO)
                    .because("Undertow's API is WildFly's, given to the WAR only there (scope provided): the "
                            + "servlet runtime loads the package that uses it only in Undertow, so on every other "
                            + "server no class of the hub may need it");

    @ArchTest
    static final ArchRule runtime_servlet_undertow_is_a_leaf_on_undertow_and_the_jdk =
            classes().that().resideInAPackage(RUNTIME_SERVLET_UNDERTOW)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            RUNTIME_SERVLET_UNDERTOW, "java..", UNDERTOW, XNIO)
                    .because("it only tells the servlet runtime where Undertow wants a stream used, as a JDK "
                            + "Executor: the hub's logic stays in io.ssehub.runtime.servlet, one code path for "
                            + "every container");

    @ArchTest
    static final ArchRule only_the_redis_log_touches_lettuce =
            noClasses().that().resideOutsideOfPackage(EVENTLOG_REDIS)
                    .should().dependOnClassesThat().resideInAnyPackage(LETTUCE)
                    .because("the Redis client is the Redis event log's own business: the core speaks to any "
                            + "log through EventLog and Tail, and a Redis failure reaches it only as "
                            + "EventLogUnavailableException or TailOverrunException");

    @ArchTest
    static final ArchRule only_the_composition_root_chooses_the_redis_log =
            noClasses().that().resideOutsideOfPackages(EVENTLOG_REDIS, APP)
                    .should().dependOnClassesThat().resideInAnyPackage(EVENTLOG_REDIS)
                    .because("the hub core is constructed with its EventLog; which one is decided once, "
                            + "in io.ssehub.app");

    @ArchTest
    static final ArchRule runtimes_are_independent =
            slices().matching("io.ssehub.runtime.(*)..")
                    .should().notDependOnEachOther()
                    .because("each runtime ships without the other: the WAR without Grizzly, the executable "
                            + "jar without the servlet API");

    @ArchTest
    static final ArchRule client_depends_on_protocol_and_jersey_client_only =
            classes().that().resideInAPackage(CLIENT)
                    .should().onlyDependOnClassesThat().resideInAnyPackage(
                            "io.ssehub.client..",
                            "io.ssehub.event..",
                            "io.ssehub.refusal..",
                            "java..",
                            // the JDK's TLS API: the client takes an SSLContext, and uses the JDK's default one
                            "javax.net.ssl..",
                            "jakarta.ws.rs..",
                            "org.glassfish.jersey.client..",
                            "org.glassfish.jersey.media.sse..",
                            "com.fasterxml.jackson.core..",
                            "com.fasterxml.jackson.databind..",
                            "org.slf4j")
                    .because("the Java client is used as a library by other applications: it brings the "
                            + "protocol packages, the JAX-RS/Jersey client, Jackson and SLF4J, and nothing of "
                            + "the server");

    @ArchTest
    static final ArchRule cli_uses_no_servlet =
            noClasses().that().resideInAPackage(CLI)
                    .should().dependOnClassesThat().resideInAnyPackage(
                            RUNTIME_SERVLET, SERVLET_API, JERSEY_SERVLET)
                    .because("the command line runs from the executable jar, which has no servlet API");

    @ArchTest
    static final ArchRule nothing_depends_on_cli =
            noClasses().that().resideOutsideOfPackage(CLI)
                    .should().dependOnClassesThat().resideInAPackage(CLI)
                    .because("the command line is the top of the hub, and the WAR leaves it out "
                            + "(packagingExcludes)");

    @ArchTest
    static final ArchRule no_jersey_internals =
            noClasses().should().dependOnClassesThat().resideInAPackage("org.glassfish.jersey..internal..")
                    .because("Jersey's internal packages are not its API: they change without notice between "
                            + "releases; use the JAX-RS API or Jersey's public extension points");

    /**
     * Fails whenever there is a cycle, but its report may not list every cycle: ArchUnit 1.5.0 can skip a
     * second, unrelated group of cyclic packages while it reports another one. Run it again once the cycles
     * it lists are gone.
     */
    @ArchTest
    static final ArchRule top_level_packages_are_free_of_cycles =
            slices().assignedFrom(TOP_LEVEL_PACKAGES)
                    .should().beFreeOfCycles()
                    .because("a cycle between packages makes them one layer: neither can be understood, "
                            + "tested or shipped without the other");
}
