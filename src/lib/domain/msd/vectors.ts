// Encoded MSDs published with their decoded values, for the tests (see decode.test.ts for what
// each source states). Kept as data so every test file checks the same bytes.

/**
 * MSD version 2, "Example of imported MSD" with its ASN.1 value notation.
 * legatoproject/legato-af, apps/test/modem/qmi/ecall/paQmiECallTest.c
 * (commit 2def453ac95d28d511e873c841202f4819537cda, Sierra Wireless, 2014).
 * Its propulsion flags are all encoded, the FALSE ones too (DEFAULT values sent explicitly).
 */
export const LEGATO_V2 = '02251C0680E30A51439E2955D43800800437F80A3105669023F8A71166932185B004150043C040';

/**
 * MSD version 2, "CEN ECall MSD EN 15722:2015 MSD PDU" with a field-by-field decoding.
 * CodeLinaro-mirror/le_platform_TelAF, apps/sample/eCallDemo/eCallAppComp/eCall.c
 * (commit 026053e673d3d391eb2d9cfae011dc070d5065b1, Qualcomm TelAF).
 */
export const TELAF_V2 = '02251C0680E30A51439E2955D43800800837F80C9FD707F09A94BDD30E55E080000001FFFFE040';

/**
 * MSD version 2 of a real vehicle, shown decoded in the README screenshots msd-decoder-gui.png and
 * msd-history.png of weltond/eCall-MSD-Decoder (commit 216c8f2bc36372c70726e0dfed576bedd6d411d7).
 * The tool pads it with zeros to the 140-octet frame; this is the 33-octet message.
 */
export const WELTOND_V2 = '021f04048165405191ce1c444108918900840ad79890bc489a36fb712c6c881ff8';

/**
 * MSD version 1, the example of EN 15722:2011 (page 18), as quoted with its corrected decoding
 * (isowmi "WM9", not "WMI") by the 3GPP Message Analyser blog,
 * http://3gpp-message-analyser.blogspot.com/2015/12/error-found-in-bs-en-157222011.html
 */
export const EN15722_2011_V1 = '015C0681D54970D65C3597CA0420C41464583ADE68AC52E9BB8413F149C07414FB414F6010180813E82181823230';

/**
 * The same example as a 47-octet variant with every propulsion flag encoded and a trailing zero
 * octet, labelled "VIN: WM9VDSVDSYA123456".
 * legatoproject/legato-af, apps/test/modemServices/ecall/ecallIntegrationTest/eCallTest/le_ecallTest.c
 * (commit d60341130302561a9ede789518596801642241ef).
 */
export const LEGATO_V1 = '015c0681d54970d65c3597ca0420c41467f103ade68ac52e9bb8413f149c07414fb414f6010180813e821818232300';
