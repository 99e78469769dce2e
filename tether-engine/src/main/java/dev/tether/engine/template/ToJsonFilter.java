package dev.tether.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;

import java.util.Map;

/** {@code tojson} as Hugging Face defines it: {@code json.dumps} spacing, key order kept, optional {@code indent}. */
final class ToJsonFilter implements AdvancedFilter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object indent = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
        return PythonJson.dumps(value, indent == null ? -1 : Integer.parseInt(indent.toString()));
    }
}
