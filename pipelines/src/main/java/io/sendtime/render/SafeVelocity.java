package io.sendtime.render;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.velocity.Template;
import org.apache.velocity.runtime.RuntimeConstants;
import org.apache.velocity.runtime.RuntimeInstance;
import org.apache.velocity.runtime.parser.ParseException;
import org.apache.velocity.runtime.parser.node.ASTDirective;
import org.apache.velocity.runtime.parser.node.ASTReference;
import org.apache.velocity.runtime.parser.node.ASTSetDirective;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.util.introspection.SecureUberspector;
import io.sendtime.config.ErrorMessages;

/**
 * One Velocity runtime for the templates of a directory ({@code templates/}), configured so templates
 * cannot reach Java: the {@link SecureUberspector} (no Class, ClassLoader, Runtime, reflection ...),
 * strict references (an undefined reference is an error, not text), and no {@code #evaluate},
 * {@code #include} or {@code #parse}. The macros of {@code macros/*.vm} are a global library.
 * Customer data only ever enters as context values; templates are parsed here, once, from files.
 */
public final class SafeVelocity {

    /** Directives a template may not use: they would read or evaluate something else as a template. */
    static final Set<String> FORBIDDEN = Set.of("evaluate", "include", "parse", "define");

    private final Path root;
    private final RuntimeInstance runtime = new RuntimeInstance();
    private final Set<String> macros = new HashSet<>();
    /** the macro library's files, relative to the root */
    private final List<String> library = new ArrayList<>();

    public SafeVelocity(Path root) {
        this.root = root;
        Path macroDir = root.resolve("macros");
        if (Files.isDirectory(macroDir)) {
            try (Stream<Path> files = Files.list(macroDir)) {
                files.filter(f -> f.toString().endsWith(".vm")).sorted()
                        .forEach(f -> library.add(root.relativize(f).toString()));
            } catch (IOException e) {
                throw new TemplateException("cannot list " + macroDir + ": " + e.getMessage(), e);
            }
        }
        runtime.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, true);
        runtime.setProperty(RuntimeConstants.UBERSPECT_CLASSNAME, SecureUberspector.class.getName());
        runtime.setProperty("resource.loaders", "file");
        runtime.setProperty("resource.loader.file.path", root.toAbsolutePath().toString());
        runtime.setProperty("resource.loader.file.cache", true);
        runtime.setProperty(RuntimeConstants.VM_LIBRARY, String.join(",", library));
        runtime.setProperty("velocimacro.inline.local_scope", true);
        runtime.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
        try {
            runtime.init();
        } catch (RuntimeException e) {
            throw new TemplateException(root.resolve("macros") + ": " + ErrorMessages.message(e), e);
        }
        FORBIDDEN.forEach(runtime::removeDirective);
        for (String file : library) {
            macros.addAll(macroNames(root.resolve(file)));
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Parses a template file once; a syntax error, a forbidden directive or an undefined macro is a
     * {@link TemplateException} naming the file and line.
     */
    public Template parse(Path file) {
        String name = root.relativize(file).toString();
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new TemplateException(name + ": cannot read: " + e.getMessage(), e);
        }
        Template template = new Template();
        template.setName(name);
        template.setRuntimeServices(runtime);
        try (Reader reader = new StringReader(source)) {
            template.setData(runtime.parse(reader, template));
            template.initDocument();
        } catch (ParseException e) {
            int line = e.currentToken == null ? 0 : e.currentToken.next == null ? e.currentToken.beginLine
                    : e.currentToken.next.beginLine;
            throw new TemplateException(name + ":" + line + ": syntax error: " + ErrorMessages.message(e), e);
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(name + ": " + ErrorMessages.message(e), e);
        }
        lint(name, (Node) template.getData(), new HashSet<>(macroNames(file)));
        return template;
    }

    /**
     * The names the macro library's files reference (their macros' arguments among them): a macro body may read a
     * context value its caller never names.
     */
    public Set<String> libraryReferences() {
        Set<String> names = new HashSet<>();
        for (String file : library) {
            names.addAll(references(runtime.getTemplate(file)).keySet());
        }
        return names;
    }

    /** The references a template reads: root name → first line, for the validator. */
    public static java.util.Map<String, Integer> references(Template template) {
        java.util.Map<String, Integer> names = new java.util.LinkedHashMap<>();
        collect((Node) template.getData(), names);
        return names;
    }

    private static void collect(Node node, java.util.Map<String, Integer> names) {
        if (node instanceof ASTReference reference) {
            names.putIfAbsent(reference.getRootString(), node.getLine());
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            collect(node.jjtGetChild(i), names);
        }
    }

    /** Names assigned in a template by #set or #foreach, and macro arguments: not context references. */
    public static Set<String> assigned(Template template) {
        Set<String> names = new HashSet<>();
        assigned((Node) template.getData(), names);
        return names;
    }

    private static void assigned(Node node, Set<String> names) {
        if (node instanceof ASTSetDirective && node.jjtGetNumChildren() > 0
                && node.jjtGetChild(0) instanceof ASTReference r) {
            names.add(r.getRootString());
        }
        if (node instanceof ASTDirective d && ("foreach".equals(d.getDirectiveName()) || "macro".equals(d.getDirectiveName()))) {
            for (int i = 0; i < node.jjtGetNumChildren(); i++) {
                if (node.jjtGetChild(i) instanceof ASTReference r) {
                    names.add(r.getRootString());
                }
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            assigned(node.jjtGetChild(i), names);
        }
    }

    private void lint(String name, Node node, Set<String> localMacros) {
        if (node instanceof ASTDirective directive) {
            String d = directive.getDirectiveName();
            if (FORBIDDEN.contains(d)) {
                throw new TemplateException(name + ":" + node.getLine() + ": #" + d + " is not allowed in sendtime templates");
            }
            if (runtime.getDirective(d) == null && !"macro".equals(d) && !macros.contains(d) && !localMacros.contains(d)) {
                throw new TemplateException(name + ":" + node.getLine() + ": undefined macro #" + d);
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            lint(name, node.jjtGetChild(i), localMacros);
        }
    }

    /** The names of the macros a file defines, found by reading it (not by running it). */
    private static Set<String> macroNames(Path file) {
        Set<String> names = new HashSet<>();
        try {
            var m = java.util.regex.Pattern.compile("#\\{?macro\\}?\\s*\\(\\s*([A-Za-z][A-Za-z0-9_-]*)")
                    .matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        } catch (IOException e) {
            throw new TemplateException(file + ": cannot read: " + e.getMessage(), e);
        }
        return names;
    }

}
