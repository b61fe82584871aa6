package io.sendtime.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Source presets: {@code sendtime.presets.<preset>} describes a vendor's API once (HubSpot, Shopify's GraphQL or
 * REST Admin API), and a source that names it ({@code sendtime.sources.<name>.preset: hubspot}) gets every key of
 * it that the source does not set itself, key by key: a source writes only what is its own (base URL, the variable
 * of its token). The preset's keys are added as the environment's last property source, so anything configured,
 * in any file, variable or argument, comes first. Runs after the configuration files are read.
 */
public final class SourcePresets implements EnvironmentPostProcessor, Ordered {

    /** The property source holding the keys sources take from their presets. */
    public static final String NAME = "sendtime-source-presets";
    private static final String SOURCES = "sendtime.sources.";
    private static final String PRESETS = "sendtime.presets.";
    private static final String PRESET_KEY = ".preset";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().remove(NAME);
        List<PropertySource<?>> sources = new ArrayList<>();
        environment.getPropertySources().forEach(sources::add);
        MapPropertySource presets = resolve(sources);
        if (!presets.getSource().isEmpty()) {
            environment.getPropertySources().addLast(presets);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files (ConfigDataEnvironmentPostProcessor)
    }

    /**
     * The keys the sources in these property sources (highest precedence first) take from their presets, as a
     * property source to put after them. A source naming an unknown preset takes nothing ({@link #unknown}).
     */
    public static MapPropertySource resolve(List<? extends PropertySource<?>> sources) {
        Map<String, String> presetOf = presetOfSources(sources);
        Map<String, Object> taken = new LinkedHashMap<>();
        presetOf.forEach((sourceName, preset) -> {
            String from = PRESETS + preset + ".";
            for (PropertySource<?> source : sources) {
                if (source.getName().equals(NAME)) {
                    continue;
                }
                for (String name : names(source)) {
                    if (name.startsWith(from)) {
                        taken.putIfAbsent(SOURCES + sourceName + "." + name.substring(from.length()),
                                source.getProperty(name));
                    }
                }
            }
        });
        return new MapPropertySource(NAME, taken);
    }

    /** Per source that names a preset, the preset it names (the first a property source says). */
    public static Map<String, String> presetOfSources(List<? extends PropertySource<?>> sources) {
        Map<String, String> presetOf = new LinkedHashMap<>();
        for (PropertySource<?> source : sources) {
            for (String name : names(source)) {
                if (name.startsWith(SOURCES) && name.endsWith(PRESET_KEY)
                        && name.indexOf('.', SOURCES.length()) == name.length() - PRESET_KEY.length()) {
                    String sourceName = name.substring(SOURCES.length(), name.length() - PRESET_KEY.length());
                    Object value = source.getProperty(name);
                    if (value != null) {
                        presetOf.putIfAbsent(sourceName, value.toString().trim());
                    }
                }
            }
        }
        return presetOf;
    }

    /** The presets these property sources define. */
    public static TreeSet<String> presets(List<? extends PropertySource<?>> sources) {
        TreeSet<String> presets = new TreeSet<>();
        for (PropertySource<?> source : sources) {
            for (String name : names(source)) {
                if (name.startsWith(PRESETS)) {
                    int dot = name.indexOf('.', PRESETS.length());
                    presets.add(dot < 0 ? name.substring(PRESETS.length()) : name.substring(PRESETS.length(), dot));
                }
            }
        }
        return presets;
    }

    /** The sources that name a preset none of these property sources defines, with the preset they name. */
    public static Map<String, String> unknown(List<? extends PropertySource<?>> sources) {
        TreeSet<String> known = presets(sources);
        Map<String, String> unknown = new LinkedHashMap<>();
        for (PropertySource<?> source : sources) {
            for (String name : names(source)) {
                if (name.startsWith(SOURCES) && name.endsWith(PRESET_KEY)
                        && name.indexOf('.', SOURCES.length()) == name.length() - PRESET_KEY.length()) {
                    Object value = source.getProperty(name);
                    String sourceName = name.substring(SOURCES.length(), name.length() - PRESET_KEY.length());
                    if (value != null && !known.contains(value.toString().trim())) {
                        unknown.putIfAbsent(sourceName, value.toString().trim());
                    }
                }
            }
        }
        return unknown;
    }

    private static String[] names(PropertySource<?> source) {
        return source instanceof EnumerablePropertySource<?> enumerable ? enumerable.getPropertyNames() : new String[0];
    }
}
