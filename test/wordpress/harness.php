<?php
/**
 * A minimal test harness: test() runs a named closure, the check_*() helpers throw on a
 * mismatch, and finish() prints the plain "N passed, N failed" line and exits non-zero on failure.
 *
 * @package VoiceAgentTests
 */

/** Thrown by a failed check. */
class Check_Failed extends Exception {}

$GLOBALS['test_counts'] = array(
	'passed' => 0,
	'failed' => 0,
);

/**
 * @param string  $name What the test shows.
 * @param Closure $body The test; it fails by throwing.
 */
function test( $name, Closure $body ) {
	try {
		$body();
		$GLOBALS['test_counts']['passed']++;
		echo "ok - $name\n";
	} catch ( Throwable $error ) {
		$GLOBALS['test_counts']['failed']++;
		echo "not ok - $name\n    " . str_replace( "\n", "\n    ", $error->getMessage() ) . "\n";
		if ( ! $error instanceof Check_Failed ) {
			echo '    at ' . $error->getFile() . ':' . $error->getLine() . "\n";
		}
	}
}

/**
 * @param bool   $condition Must be true.
 * @param string $message   What was expected.
 */
function check( $condition, $message ) {
	if ( true !== $condition ) {
		throw new Check_Failed( $message );
	}
}

/**
 * @param mixed  $expected The value wanted.
 * @param mixed  $actual   The value got.
 * @param string $what     What the value is.
 */
function check_same( $expected, $actual, $what ) {
	check( $expected === $actual, "$what: expected " . var_export( $expected, true ) . ', got ' . var_export( $actual, true ) );
}

/**
 * @param string $needle   Text that must occur.
 * @param string $haystack Where.
 * @param string $what     What the haystack is.
 */
function check_contains( $needle, $haystack, $what ) {
	check( false !== strpos( $haystack, $needle ), "$what should contain " . var_export( $needle, true ) . ":\n" . $haystack );
}

/**
 * @param string $needle   Text that must not occur (case-insensitive).
 * @param string $haystack Where.
 * @param string $what     What the haystack is.
 */
function check_lacks( $needle, $haystack, $what ) {
	check( false === stripos( $haystack, $needle ), "$what should not contain " . var_export( $needle, true ) . ":\n" . $haystack );
}

/**
 * Parses an HTML fragment the way a browser would build its elements.
 *
 * @param string $html A fragment.
 * @return DOMElement[] Every element in it, in document order.
 */
function elements_of( $html ) {
	$document = new DOMDocument();
	libxml_use_internal_errors( true ); // DOMDocument does not know custom elements; they parse all the same.
	$document->loadHTML( '<!DOCTYPE html><html><body>' . $html . '</body></html>', LIBXML_NONET );
	libxml_clear_errors();
	$elements = array();
	foreach ( $document->getElementsByTagName( 'body' )->item( 0 )->getElementsByTagName( '*' ) as $element ) {
		$elements[] = $element;
	}
	return $elements;
}

/**
 * @param string $html A fragment that must hold exactly one <voice-agent> and no other element
 *                     except an optional wrapper <div>.
 * @return array<string, string> The element's attributes as the browser reads them.
 */
function voice_agent_attributes_in( $html ) {
	$elements = elements_of( $html );
	$names    = array_map(
		static function ( $element ) {
			return $element->tagName;
		},
		$elements
	);
	$agents   = array_values( array_diff( $names, array( 'div' ) ) );
	check_same( array( 'voice-agent' ), $agents, "elements in $html" );
	foreach ( $elements as $element ) {
		if ( 'voice-agent' === $element->tagName ) {
			$attributes = array();
			foreach ( $element->attributes as $attribute ) {
				$attributes[ $attribute->name ] = $attribute->value;
			}
			return $attributes;
		}
	}
	return array();
}

/**
 * Prints the closing line and ends the run.
 */
function finish() {
	$counts = $GLOBALS['test_counts'];
	echo "\nwordpress: {$counts['passed']} passed, {$counts['failed']} failed\n";
	exit( $counts['failed'] > 0 || 0 === $counts['passed'] ? 1 : 0 );
}
