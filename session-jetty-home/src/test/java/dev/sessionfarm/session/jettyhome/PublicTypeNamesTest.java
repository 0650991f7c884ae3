package dev.sessionfarm.session.jettyhome;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An integrator imports our types next to Jetty's session, server and servlet types, and a reader meets each of
 * our names in one module only: a simple name shared by two of our public types, or by one of ours and one of
 * those Jetty packages, makes one of them need its full name wherever both are used. This module's tests see every
 * product module, and the Jetty jars an integrator compiles against.
 */
class PublicTypeNamesTest
{
    private static final Set<String> PRODUCT_MODULES = Set.of("session-model", "state-protocol", "state-client",
        "session-core", "session-ee10", "state-server", "session-store-postgres", "session-store-state-server",
        "session-testing", "session-jetty-home");
    private static final Set<String> JETTY_PACKAGES = Set.of("org.eclipse.jetty.session", "org.eclipse.jetty.server",
        "org.eclipse.jetty.ee10.servlet");

    @Test
    void noTwoPublicTypesShareASimpleNameWithEachOtherOrWithJetty() throws IOException
    {
        Map<String, List<String>> ours = new TreeMap<>();
        Map<String, String> jetty = new TreeMap<>();
        Set<String> modulesSeen = new TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            Path path = Path.of(entry);
            String module = productModule(path);
            if (module != null)
            {
                modulesSeen.add(module);
                for (String type : publicTopLevelTypes(classNames(path)))
                    ours.computeIfAbsent(simpleName(type), name -> new ArrayList<>()).add(type);
            }
            else if (entry.endsWith(".jar"))
            {
                List<String> inJettyPackages = classNames(path).stream()
                    .filter(name -> JETTY_PACKAGES.contains(name.substring(0, Math.max(0, name.lastIndexOf('.')))))
                    .toList();
                for (String type : publicTopLevelTypes(inJettyPackages))
                    jetty.put(simpleName(type), type);
            }
        }
        assertEquals(PRODUCT_MODULES, modulesSeen, "product modules on the test class path");
        assertTrue(jetty.containsKey("SessionDataStore") && jetty.containsKey("Server")
            && jetty.containsKey("ServletContextHandler"), "Jetty's session, server and ee10 servlet types seen");

        List<String> clashes = new ArrayList<>();
        ours.forEach((name, types) ->
        {
            if (types.size() > 1)
                clashes.add(name + ": " + String.join(", ", types));
            if (jetty.containsKey(name))
                clashes.add(name + ": " + String.join(", ", types) + " and Jetty's " + jetty.get(name));
        });
        assertEquals(List.of(), clashes, "simple names of public types that clash");
    }

    /** The product module a class-path entry holds: its target/classes folder, or its main jar. */
    private static String productModule(Path entry)
    {
        if (Files.isDirectory(entry) && entry.endsWith(Path.of("target", "classes")))
        {
            String module = entry.getParent().getParent().getFileName().toString();
            return PRODUCT_MODULES.contains(module) ? module : null;
        }
        String file = entry.getFileName().toString();
        if (!file.endsWith(".jar") || file.endsWith("-tests.jar"))
            return null;
        return PRODUCT_MODULES.stream().filter(module -> file.matches(module + "-\\d.*\\.jar")).findFirst()
            .orElse(null);
    }

    private static List<String> classNames(Path entry)
    {
        try
        {
            if (Files.isDirectory(entry))
            {
                try (Stream<Path> files = Files.walk(entry))
                {
                    return files.map(file -> entry.relativize(file).toString().replace(File.separatorChar, '/'))
                        .filter(PublicTypeNamesTest::isTopLevelClass).map(PublicTypeNamesTest::className).toList();
                }
            }
            try (JarFile jar = new JarFile(entry.toFile()))
            {
                return jar.stream().map(e -> e.getName()).filter(PublicTypeNamesTest::isTopLevelClass)
                    .map(PublicTypeNamesTest::className).toList();
            }
        }
        catch (IOException e)
        {
            throw new UncheckedIOException("Cannot list the classes in " + entry, e);
        }
    }

    private static boolean isTopLevelClass(String file)
    {
        return file.endsWith(".class") && !file.contains("$") && !file.startsWith("META-INF/")
            && !file.endsWith("module-info.class") && !file.endsWith("package-info.class");
    }

    private static String className(String file)
    {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }

    private static List<String> publicTopLevelTypes(List<String> classNames)
    {
        ClassLoader loader = PublicTypeNamesTest.class.getClassLoader();
        List<String> types = new ArrayList<>();
        for (String name : classNames)
        {
            try
            {
                if (Modifier.isPublic(Class.forName(name, false, loader).getModifiers()))
                    types.add(name);
            }
            catch (ClassNotFoundException | LinkageError e)
            {
                throw new AssertionError("Cannot load " + name + " from the test class path", e);
            }
        }
        return types;
    }

    private static String simpleName(String className)
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
