package org.heartsounds.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of docs/ARCHITECTURE.md, checked on the compiled main classes of every module (the cli
 * module's test class path holds them all): no package cycles, and no class outside the cli module using another
 * module's {@code cli} package (the cli module itself only lists other modules' {@code ...Command} classes).
 */
class ArchitectureTest {
    private static final Pattern CLI_PACKAGE = Pattern.compile("org\\.heartsounds\\.(.+\\.)?cli");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // the modules' main classes: target/classes folders in a reactor build, jars otherwise; never test classes
        ImportOption mainOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainOnly).importPackages("org.heartsounds");
    }

    @Test
    void everyModuleIsOnTheClassPath() {
        Set<String> roots = new TreeSet<>();
        for (JavaClass c : classes) {
            roots.add(c.getPackageName().split("\\.")[2]);
        }
        assertEquals(Set.of("bench", "cli", "core", "data", "evaluation", "export", "pipeline", "spark", "sweep",
                "trainer"), roots);
        assertTrue(classes.size() > 250, "only " + classes.size() + " classes imported");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.heartsounds.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void commandsAreNotUsedAsALibrary() {
        List<String> violations = classes.stream()
                .flatMap(c -> c.getDirectDependenciesFromSelf().stream())
                .filter(ArchitectureTest::isForbidden)
                .map(Dependency::getDescription)
                .distinct()
                .sorted()
                .toList();
        assertEquals(List.of(), violations);
    }

    /** A use of another package's cli classes, unless the cli module lists a {@code ...Command} class. */
    private static boolean isForbidden(Dependency d) {
        JavaClass target = d.getTargetClass();
        String targetPackage = target.getPackageName();
        String originPackage = d.getOriginClass().getPackageName();
        if (!CLI_PACKAGE.matcher(targetPackage).matches() || targetPackage.equals(originPackage)) {
            return false;
        }
        boolean fromCliModule = originPackage.equals("org.heartsounds.cli");
        String topLevel = target.getName().substring(targetPackage.length() + 1).split("\\$")[0];
        return !(fromCliModule && topLevel.endsWith("Command"));
    }
}
