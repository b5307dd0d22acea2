<?php
/**
 * Dependencies of editor.js (plain JavaScript on the editor's globals, no build step).
 *
 * @package VoiceAgent
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
	'version'      => '0.1.0',
);
