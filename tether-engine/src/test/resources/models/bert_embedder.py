"""Writes a random-weight BERT embedding model (mean pooling) with the bge vocabulary, for Tether's tests.

usage: python3 bert_embedder.py <llama.cpp source> <output.gguf> <width>
"""
import sys

source, output, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, source + "/gguf-py")
import numpy as np  # noqa: E402
import gguf  # noqa: E402

vocab = gguf.GGUFReader(source + "/models/ggml-vocab-bert-bge.gguf")
arch = "bert"
layers, heads, ffn, context = 2, 4, width * 2, 512
writer = gguf.GGUFWriter(output, arch)
writer.add_name("tether-bert-embedder")
writer.add_context_length(context)
writer.add_embedding_length(width)
writer.add_feed_forward_length(ffn)
writer.add_block_count(layers)
writer.add_head_count(heads)
writer.add_layer_norm_eps(1e-12)
writer.add_causal_attention(False)
writer.add_pooling_type(gguf.PoolingType.MEAN)
writer.add_file_type(gguf.LlamaFileType.ALL_F32)
for field in vocab.fields.values():
    if not field.name.startswith("tokenizer."):
        continue
    kind = field.types[0]
    if kind == gguf.GGUFValueType.ARRAY:
        writer.add_key_value(field.name, field.contents(), kind, sub_type=field.types[-1])
    else:
        writer.add_key_value(field.name, field.contents(), kind)
tokens = len(vocab.fields["tokenizer.ggml.tokens"].data)
if "tokenizer.ggml.token_type_count" not in vocab.fields:
    writer.add_token_type_count(2)

rng = np.random.default_rng(7)


def tensor(name, *shape):
    writer.add_tensor(name, (rng.standard_normal(shape) * 0.05).astype(np.float32))


def norm(name):
    writer.add_tensor(name + ".weight", np.ones(width, dtype=np.float32))
    writer.add_tensor(name + ".bias", np.zeros(width, dtype=np.float32))


# numpy shapes are the reverse of ggml's {ne0, ne1}
tensor("token_embd.weight", tokens, width)
tensor("token_types.weight", 2, width)
tensor("position_embd.weight", context, width)
norm("token_embd_norm")
for i in range(layers):
    for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
        tensor(f"blk.{i}.{part}.weight", width, width)
        tensor(f"blk.{i}.{part}.bias", width)
    norm(f"blk.{i}.attn_output_norm")
    tensor(f"blk.{i}.ffn_up.weight", ffn, width)
    tensor(f"blk.{i}.ffn_up.bias", ffn)
    tensor(f"blk.{i}.ffn_down.weight", width, ffn)
    tensor(f"blk.{i}.ffn_down.bias", width)
    norm(f"blk.{i}.layer_output_norm")

writer.write_header_to_file()
writer.write_kv_data_to_file()
writer.write_tensors_to_file()
writer.close()
