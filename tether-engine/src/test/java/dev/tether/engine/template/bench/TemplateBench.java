package dev.tether.engine.template.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.engine.chat.FinishReason;
import dev.tether.engine.chat.Message;
import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.template.ChatTemplate;
import dev.tether.engine.template.ModelFamily;
import dev.tether.tool.ToolSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Time to render a prompt: the test templates through the Jinja renderer and the built-in formats, for a conversation with a
 * tool round trip and N more exchanges. Args: [exchanges, default 10] [renders per measurement, default 300].
 */
public final class TemplateBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TemplateBench() {}

    public static void main(String[] args) throws IOException {
        int exchanges = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int renders = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        List<Message> conversation = conversation(exchanges);
        List<ToolSpec> tools = List.of(new ToolSpec(
                "get_weather",
                "Current weather for a city",
                (ObjectNode) JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"),
                null));
        System.out.printf(
                "prompt rendering, %d messages, %d tools, median of 5 x %d renders (JDK %s)%n",
                conversation.size(), tools.size(), renders, Runtime.version());
        System.out.printf("%-28s %10s %12s%n", "template", "ms/render", "prompt chars");
        for (String name :
                List.of("chatml-tools", "chatml-reasoning", "llama3-tools", "mistral-tools", "gemma", "phi3")) {
            ChatTemplate template = ChatTemplate.fromGguf(resource(name + ".jinja"), "<s>", "</s>");
            measure("jinja " + name, template, conversation, tools, renders);
        }
        for (ModelFamily family : ModelFamily.values()) {
            measure("built-in " + family, ChatTemplate.builtIn(family, "<s>", "</s>"), conversation, tools, renders);
        }
    }

    private static void measure(
            String label, ChatTemplate template, List<Message> conversation, List<ToolSpec> tools, int renders) {
        int chars = 0;
        for (int i = 0; i < renders; i++) {
            chars = template.render(conversation, tools, true).length();
        }
        double[] ms = new double[5];
        for (int run = 0; run < ms.length; run++) {
            long start = System.nanoTime();
            for (int i = 0; i < renders; i++) {
                template.render(conversation, tools, true);
            }
            ms[run] = (System.nanoTime() - start) / 1e6 / renders;
        }
        Arrays.sort(ms);
        System.out.printf("%-28s %10.3f %12d%n", label, ms[2], chars);
    }

    private static List<Message> conversation(int exchanges) throws IOException {
        List<Message> messages = new ArrayList<>();
        messages.add(Message.system("You are a helpful assistant."));
        messages.add(Message.user("Weather in Paris?"));
        messages.add(Message.assistant(
                "",
                List.of(new ToolCall("call_1", "get_weather", (ObjectNode) JSON.readTree("{\"city\":\"Paris\"}"))),
                null));
        messages.add(Message.tool("call_1", "get_weather", "{\"temp_c\": 18}"));
        messages.add(Message.assistant("It is 18°C in Paris.", List.of(), FinishReason.STOP));
        for (int i = 0; i < exchanges; i++) {
            messages.add(Message.user("Follow-up question number " + i + ", with a few more words?"));
            messages.add(Message.assistant(
                    "Answer number " + i + ", a little longer than the question was.", List.of(), FinishReason.STOP));
        }
        return messages;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TemplateBench.class.getResourceAsStream("/templates/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
