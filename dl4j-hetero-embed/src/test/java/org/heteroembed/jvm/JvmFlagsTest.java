package org.heteroembed.jvm;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest {
    @Test
    void thePackagedFileHasTheVectorModuleAndSparksOpens() {
        List<String> flags = JvmFlags.all();
        assertEquals("--add-modules=jdk.incubator.vector", flags.get(0));
        assertTrue(flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), flags.toString());
        assertTrue(flags.stream().allMatch(f -> f.startsWith("--add-")), "no comment text leaked into the flags: " + flags);
        assertEquals(String.join(" ", flags), JvmFlags.joined());
    }

    /** Surefire's argLine reads bin/jvm.args too: this JVM was started with exactly the flags the jar carries. */
    @Test
    void surefireStartedThisJvmWithTheSameFile() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(args.containsAll(JvmFlags.all()), "this JVM's arguments " + args + " lack some of " + JvmFlags.all());
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }

    @Test
    void parsesTheLaunchersArgumentFileSyntax() {
        assertEquals(List.of("-Xss2m", "--add-modules=a", "-Db=c"),
                JvmFlags.parse("# a comment\n-Xss2m   --add-modules=a # trailing comment\n\n\t-Db=c\n"));
        IllegalStateException quoted = assertThrows(IllegalStateException.class, () -> JvmFlags.parse("-Da=\"b c\"\n"));
        assertTrue(quoted.getMessage().contains("quotes are not supported"), quoted.getMessage());
    }
}
