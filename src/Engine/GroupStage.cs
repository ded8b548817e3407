namespace Cartoon.Engine;

/// <summary>The stages of one engine call, reported as the group enters each (progress for the caller to pass on).</summary>
public enum GroupStage
{
    /// <summary>Inputs are decoded and validated.</summary>
    Decoding,

    /// <summary>The nets run: background pass, face detection, head pass.</summary>
    Inferring,

    /// <summary>Heads are pasted, strength and size applied, results encoded.</summary>
    Encoding,
}
