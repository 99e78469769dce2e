package dev.tether.engine.template;

import dev.tether.engine.chat.ToolCall;
import dev.tether.engine.parse.ToolFormats;
import dev.tether.tool.ToolSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How a tool-call format looks in prompt text: the instructions that list the tools, an assistant's calls
 * written out, and a tool result. Used by the built-in formats and for templates that know nothing of tools.
 */
enum ToolSyntax {
    HERMES {
        @Override
        String instructions(List<ToolSpec> tools) {
            return "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                    + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                    + tools.stream().map(t -> PythonJson.dumps(TemplateValues.tool(t)))
                    .collect(Collectors.joining("\n"))
                    + "\n</tools>\n\nFor each function call, return a json object with function name and arguments "
                    + "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
                    + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>";
        }

        @Override
        String calls(List<ToolCall> calls) {
            return calls.stream()
                    .map(call -> "<tool_call>\n" + PythonJson.dumps(call("arguments", call)) + "\n</tool_call>")
                    .collect(Collectors.joining("\n"));
        }

        @Override
        String result(String content) {
            return "<tool_response>\n" + content + "\n</tool_response>";
        }
    },
    LLAMA3 {
        @Override
        String instructions(List<ToolSpec> tools) {
            return "Given the following functions, please respond with a JSON for a function call with its proper "
                    + "arguments that best answers the given prompt.\n\n"
                    + "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name "
                    + "and its value}. Do not use variables.\n\n"
                    + tools.stream().map(t -> PythonJson.dumps(TemplateValues.tool(t), 4))
                    .collect(Collectors.joining("\n\n"));
        }

        @Override
        String calls(List<ToolCall> calls) {
            return calls.stream().map(call -> PythonJson.dumps(call("parameters", call)))
                    .collect(Collectors.joining("\n"));
        }

        @Override
        String result(String content) {
            return content;
        }
    },
    MISTRAL {
        @Override
        String instructions(List<ToolSpec> tools) {
            return "You can call these tools:\n"
                    + PythonJson.dumps(tools.stream().map(TemplateValues::tool).toList())
                    + "\nTo call tools, answer with [TOOL_CALLS] followed by a JSON list of "
                    + "{\"name\": <tool name>, \"arguments\": <arguments object>} and nothing else.";
        }

        @Override
        String calls(List<ToolCall> calls) {
            return "[TOOL_CALLS]" + PythonJson.dumps(calls.stream().map(call -> call("arguments", call)).toList());
        }

        @Override
        String result(String content) {
            return "[TOOL_RESULTS]" + content + "[/TOOL_RESULTS]";
        }
    },
    /** DeepSeek V3.1's own tool prompt; its templates render calls but not the tool list. */
    DEEPSEEK {
        @Override
        String instructions(List<ToolSpec> tools) {
            return "## Tools\nYou have access to the following tools:\n\n"
                    + tools.stream().map(t -> "### " + t.name() + "\nDescription: " + t.description()
                            + "\n\nParameters: " + PythonJson.dumps(t.inputSchema()))
                    .collect(Collectors.joining("\n\n"))
                    + "\n\nIMPORTANT: ALWAYS adhere to this exact format for tool use:\n"
                    + "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>tool_call_name<｜tool▁sep｜>tool_call_arguments"
                    + "<｜tool▁call▁end｜>{{additional_tool_calls}}<｜tool▁calls▁end｜>\n\nWhere:\n"
                    + "- `tool_call_name` must be an exact match to one of the available tools\n"
                    + "- `tool_call_arguments` must be valid JSON that strictly follows the tool's Parameters Schema\n"
                    + "- For multiple tool calls, chain them directly without separators or spaces";
        }

        @Override
        String calls(List<ToolCall> calls) {
            return "<｜tool▁calls▁begin｜>" + calls.stream().map(call -> "<｜tool▁call▁begin｜>" + call.name()
                    + "<｜tool▁sep｜>" + PythonJson.dumps(call.arguments()) + "<｜tool▁call▁end｜>")
                    .collect(Collectors.joining()) + "<｜tool▁calls▁end｜>";
        }

        @Override
        String result(String content) {
            return content;
        }
    },
    SEED {
        @Override
        String instructions(List<ToolSpec> tools) {
            return ToolFormats.seed().toolInstructions(tools);
        }

        @Override
        String calls(List<ToolCall> calls) {
            return calls.stream().map(call -> "<<function_call>> " + PythonJson.dumps(call("arguments", call)))
                    .collect(Collectors.joining("\n"));
        }

        @Override
        String result(String content) {
            return content;
        }
    },

    /** Granite 3.3: {@code <|tool_call|>} and a JSON list of calls, to the end of the turn. */
    GRANITE {
        @Override
        String instructions(List<ToolSpec> tools) {
            return listed(tools, "<|tool_call|> followed by a JSON list of {\"name\": <tool name>, \"arguments\": "
                    + "<arguments object>}");
        }

        @Override
        String calls(List<ToolCall> calls) {
            return "<|tool_call|>" + PythonJson.dumps(calls.stream().map(call -> call("arguments", call)).toList());
        }

        @Override
        String result(String content) {
            return content;
        }
    },
    /** Command R7B: a JSON list of calls between {@code <|START_ACTION|>} and {@code <|END_ACTION|>}. */
    COMMAND_R7B {
        @Override
        String instructions(List<ToolSpec> tools) {
            return listed(tools, "<|START_ACTION|>, a JSON list of {\"tool_call_id\": \"0\", \"tool_name\": "
                    + "<tool name>, \"parameters\": <arguments object>}, then <|END_ACTION|>");
        }

        @Override
        String calls(List<ToolCall> calls) {
            List<Map<String, Object>> list = new java.util.ArrayList<>();
            for (ToolCall call : calls) {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("tool_call_id", Integer.toString(list.size()));
                map.put("tool_name", call.name());
                map.put("parameters", call.arguments());
                list.add(map);
            }
            return "<|START_ACTION|>" + PythonJson.dumps(list) + "<|END_ACTION|>";
        }

        @Override
        String result(String content) {
            return "<|START_TOOL_RESULT|>" + content + "<|END_TOOL_RESULT|>";
        }
    },
    /** gpt-oss: one commentary message to {@code functions.NAME} per call. */
    HARMONY {
        @Override
        String instructions(List<ToolSpec> tools) {
            return listed(tools, "a commentary message to the function: <|channel|>commentary to=functions.NAME "
                    + "<|constrain|>json<|message|> and the arguments object");
        }

        @Override
        String calls(List<ToolCall> calls) {
            return calls.stream().map(call -> "<|channel|>commentary to=functions." + call.name()
                    + " <|constrain|>json<|message|>" + PythonJson.dumps(call.arguments()) + "<|call|>")
                    .collect(Collectors.joining("<|start|>assistant"));
        }

        @Override
        String result(String content) {
            return content;
        }
    },
    /** MiniMax M2: {@code <invoke>}s with one {@code <parameter>} per argument. */
    MINIMAX_M2 {
        @Override
        String instructions(List<ToolSpec> tools) {
            return listed(tools, "<minimax:tool_call>, then for each call <invoke name=\"NAME\"> with one "
                    + "<parameter name=\"KEY\">VALUE</parameter> per argument and </invoke>, then </minimax:tool_call>");
        }

        @Override
        String calls(List<ToolCall> calls) {
            return "<minimax:tool_call>\n" + calls.stream().map(call -> "<invoke name=\"" + call.name() + "\">\n"
                    + call.arguments().properties().stream().map(e -> "<parameter name=\"" + e.getKey() + "\">"
                            + (e.getValue().isTextual() ? e.getValue().textValue() : PythonJson.dumps(e.getValue()))
                            + "</parameter>\n").collect(Collectors.joining()) + "</invoke>\n")
                    .collect(Collectors.joining()) + "</minimax:tool_call>";
        }

        @Override
        String result(String content) {
            return "<response>" + content + "</response>";
        }
    };

    abstract String instructions(List<ToolSpec> tools);

    abstract String calls(List<ToolCall> calls);

    abstract String result(String content);

    static ToolSyntax of(String toolFormat) {
        return switch (toolFormat) {
            case "hermes" -> HERMES;
            case "llama3" -> LLAMA3;
            case "mistral" -> MISTRAL;
            case "seed" -> SEED;
            case "deepseek" -> DEEPSEEK;
            case "granite" -> GRANITE;
            case "command-r7b" -> COMMAND_R7B;
            case "harmony" -> HARMONY;
            case "minimax-m2" -> MINIMAX_M2;
            default -> throw new IllegalArgumentException("Tether cannot write tool format '" + toolFormat
                    + "' into a prompt itself (it can: hermes, llama3, mistral, seed, deepseek, granite, command-r7b, "
                    + "harmony, minimax-m2)");
        };
    }

    /** The syntax to write {@code toolFormat} in when a template cannot; Hermes for formats without one. */
    static ToolSyntax forWriting(String toolFormat) {
        try {
            return of(toolFormat);
        } catch (IllegalArgumentException e) {
            return HERMES;
        }
    }

    /** The tools as JSON, one a line, and how to call them. */
    private static String listed(List<ToolSpec> tools, String callSyntax) {
        return "You can call these tools:\n" + tools.stream().map(t -> PythonJson.dumps(TemplateValues.tool(t)))
                .collect(Collectors.joining("\n")) + "\nTo call tools, answer with " + callSyntax + ".";
    }

    private static Map<String, Object> call(String argumentsKey, ToolCall call) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", call.name());
        map.put(argumentsKey, call.arguments());
        return map;
    }
}
