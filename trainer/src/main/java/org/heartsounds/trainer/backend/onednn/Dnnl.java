package org.heartsounds.trainer.backend.onednn;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * oneDNN (JavaCPP's {@code org.bytedeco:dnnl} presets) as the direct helpers use it: one CPU engine and stream, memory
 * descriptors for ND4J arrays and memory objects that point into ND4J's off-heap buffers without copying.
 *
 * <p>Written by hand because DL4J M2.1 reaches oneDNN only through libnd4j's ops, which pick their algorithms and
 * formats themselves (see {@link DirectConvolutionHelper}); these few lines bind ND4J arrays to oneDNN memory.
 */
final class Dnnl {
    private static final Object LOCK = new Object();
    private static volatile Dnnl instance;
    private static volatile Throwable unavailable;

    final org.bytedeco.dnnl.engine engine;
    final org.bytedeco.dnnl.stream stream;

    private Dnnl() {
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        engine = new org.bytedeco.dnnl.engine(org.bytedeco.dnnl.engine.kind.cpu, 0);
        stream = new org.bytedeco.dnnl.stream(engine);
    }

    /** The shared engine and stream; throws {@link IllegalStateException} when oneDNN cannot be loaded. */
    static Dnnl get() {
        Dnnl d = instance;
        if (d != null) {
            return d;
        }
        synchronized (LOCK) {
            if (instance == null) {
                if (unavailable != null) {
                    throw new IllegalStateException("oneDNN (org.bytedeco:dnnl) is not available", unavailable);
                }
                try {
                    instance = new Dnnl();
                } catch (Throwable t) {
                    unavailable = t;
                    throw new IllegalStateException("oneDNN (org.bytedeco:dnnl) is not available: " + t, t);
                }
            }
            return instance;
        }
    }

    /** Whether oneDNN's natives load on this machine. */
    static boolean available() {
        try {
            get();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** A pointer at a raw native address (ND4J buffer address plus the array's offset). */
    static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }

    /** The address of {@code a}'s first element. */
    static Pointer address(INDArray a) {
        return new Address(a.data().address() + a.offset() * a.dataType().width());
    }

    /**
     * Whether {@code a} is a float array that a plain oneDNN descriptor can describe: c order, no broadcast strides,
     * dense. Views with an offset are fine.
     */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && denseStrides(a);
    }

    private static boolean denseStrides(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * Output height and width of a window of {@code kernel} moved by {@code stride} over {@code in} (height, width)
     * with {@code padL} at the top/left, as DL4J's Truncate mode sizes it (rounded down), and the bottom/right padding
     * oneDNN needs to produce exactly that: {@code {oh, ow, padBottom, padRight}}.
     */
    static long[] truncated(long[] in, long[] kernel, long[] stride, long[] padL) {
        long oh = (in[0] + 2 * padL[0] - kernel[0]) / stride[0] + 1;
        long ow = (in[1] + 2 * padL[1] - kernel[1]) / stride[1] + 1;
        return new long[] {oh, ow, (oh - 1) * stride[0] + kernel[0] - in[0] - padL[0],
                (ow - 1) * stride[1] + kernel[1] - in[1] - padL[1]};
    }

    /** A float descriptor of the given logical dims and format. */
    static memory.desc desc(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** A plain memory object of {@code desc} whose buffer is set per call with {@link #bind}. */
    memory user(memory.desc desc) {
        return new memory(desc, engine, new Pointer());
    }

    /** Points {@code m} at {@code a}'s data. */
    static void bind(memory m, INDArray a) {
        m.set_data_handle(address(a));
    }

    /** A primitive's execution arguments, each a plain memory object pointed at an ND4J array. */
    static final class Args implements AutoCloseable {
        final IntMemoryMap map = new IntMemoryMap();

        /** Points {@code m} at {@code a} and passes it as argument {@code arg}. */
        Args bind(int arg, memory m, INDArray a) {
            Dnnl.bind(m, a);
            map.put(arg, m);
            return this;
        }

        @Override
        public void close() {
            map.close();
        }
    }

    /**
     * A conversion between a plain (user) layout and the layout a primitive chose; {@code internal} is null when
     * both are the same and no copy is needed.
     */
    static final class Converted {
        final memory user;
        final memory internal;
        final reorder toInternal;
        final reorder toUser;

        Converted(Dnnl dnnl, memory.desc userDesc, memory.desc chosen, boolean in, boolean out) {
            this.user = dnnl.user(userDesc);
            if (userDesc.equals(chosen)) {
                internal = null;
                toInternal = null;
                toUser = null;
            } else {
                internal = new memory(chosen, dnnl.engine);
                toInternal = in ? new reorder(user, internal) : null;
                toUser = out ? new reorder(internal, user) : null;
            }
        }

        /** Binds {@code a}, converts it into the primitive's layout if needed, and returns what the primitive reads. */
        memory in(Dnnl dnnl, INDArray a) {
            bind(user, a);
            if (internal == null) {
                return user;
            }
            toInternal.execute(dnnl.stream, user, internal);
            return internal;
        }

        /** Binds {@code a} and returns what the primitive writes; call {@link #out} after it ran. */
        memory target(INDArray a) {
            bind(user, a);
            return internal == null ? user : internal;
        }

        /** Copies the primitive's result into the bound array if the layouts differ. */
        void out(Dnnl dnnl) {
            if (internal != null) {
                toUser.execute(dnnl.stream, internal, user);
            }
        }
    }
}
