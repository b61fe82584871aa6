package io.sendtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sendtime.render.RenderPreview;
import io.sendtime.render.RenderService;
import io.sendtime.render.TemplateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sendtime render preview}: one recipient's tokens, as text or as a page. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Look at rendered tokens.",
        subcommands = {RenderCommand.Preview.class})
public class RenderCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Render one recipient's tokens of a campaign from the warehouse, read-only (stock from the last load).",
                    "With --html, write a page showing each token in context."})
    static class Preview implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin ConfigOption config;

        @Option(names = "--campaign", required = true, paramLabel = "ID")
        String campaign;

        @Option(names = "--customer", required = true, paramLabel = "CUSTOMER",
                description = "A customer key, CRM contact id, commerce customer id, email or email SHA-256.")
        String customer;

        @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML preview page here.")
        Path html;

        @Override
        public Integer call() throws IOException {
            RenderPreview.Preview p;
            try {
                p = SendtimeCommand.root(spec).services().read(RenderPreview.class).preview(campaign, customer);
            } catch (RenderService.Refused | TemplateException e) {
                throw new ExitCodes.ConfigurationError(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s for %s: %s%n", campaign, p.customerKey(), !p.audience() ? "not in the campaign's audience"
                    : p.excludedReason() != null ? "in the audience, but gets no token set (" + p.excludedReason() + ")"
                    : "in the audience");
            if (p.rendered().rejected()) {
                out.println("rejected: " + TerminalText.visible(p.rendered().rejection()));
            } else {
                out.println("variant " + p.rendered().variant() + (p.rendered().fallbacks().isEmpty() ? ""
                        : ", fallbacks: " + p.rendered().fallbacks()));
                p.rendered().tokens().forEach((name, value) -> TerminalText.printf(out, "{{%s}} = %s%n", name, value));
            }
            out.flush();
            if (html != null) {
                Files.writeString(html, page(campaign, p));
                out.println("preview page: " + html.toAbsolutePath());
                out.flush();
            }
            return ExitCodes.OK;
        }

        private static String page(String campaign, RenderPreview.Preview p) {
            StringBuilder sb = new StringBuilder("<!doctype html><meta charset=\"utf-8\"><title>")
                    .append(escape(campaign)).append(" preview</title><style>body{font-family:sans-serif;max-width:50em;"
                            + "margin:2em auto}dt{font-weight:bold;margin-top:1em}iframe{width:100%;border:1px solid #ccc}"
                            + "</style><h1>").append(escape(campaign)).append(" — ").append(escape(p.customerKey()))
                    .append("</h1>");
            if (p.rendered().rejected()) {
                return sb.append("<p>rejected: ").append(escape(p.rendered().rejection())).append("</p>").toString();
            }
            sb.append("<p>variant ").append(escape(p.rendered().variant())).append("</p><dl>");
            for (Map.Entry<String, String> t : p.rendered().tokens().entrySet()) {
                // HTML tokens are shown rendered, in a sandbox that runs no script; text tokens as text
                sb.append("<dt>{{").append(escape(t.getKey())).append("}}</dt><dd>");
                if (t.getValue().contains("<")) {
                    sb.append("<iframe sandbox srcdoc=\"").append(escape(t.getValue())).append("\"></iframe>");
                } else {
                    sb.append(escape(t.getValue()));
                }
                sb.append("</dd>");
            }
            return sb.append("</dl>").toString();
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
