// The block's editor side, plain JavaScript on WordPress's globals (no build step). The editor
// shows a placeholder with the settings; the page gets the element from the server-side
// render_callback, which checks and escapes every attribute.
( function ( blocks, element, blockEditor, components, i18n ) {
	const el = element.createElement;
	const __ = i18n.__;
	const { InspectorControls, useBlockProps } = blockEditor;
	const { PanelBody, Placeholder, SelectControl, TextControl, TextareaControl, ToggleControl } = components;

	const choices = ( values, defaultLabel ) =>
		[ { label: defaultLabel, value: '' } ].concat( values.map( ( value ) => ( { label: value, value } ) ) );

	/** Visible strings an author most often changes; any other text-<key> works in the shortcode. */
	const TEXT_KEYS = [ 'start', 'end', 'open', 'idle' ];

	function Edit( { attributes, setAttributes } ) {
		const set = ( name ) => ( value ) => setAttributes( { [ name ]: value } );
		const setText = ( key ) => ( value ) => setAttributes( { texts: { ...attributes.texts, [ key ]: value } } );
		const provider = attributes.provider || __( 'site default', 'voice-agent' );
		const target = attributes.agentId || attributes.assistant || __( 'default agent', 'voice-agent' );

		return el(
			'div',
			useBlockProps(),
			el(
				InspectorControls,
				null,
				el(
					PanelBody,
					{ title: __( 'Agent', 'voice-agent' ) },
					el( SelectControl, { label: __( 'Provider', 'voice-agent' ), value: attributes.provider, options: choices( [ 'lyzr', 'anunzi' ], __( 'Site default', 'voice-agent' ) ), onChange: set( 'provider' ) } ),
					el( TextControl, { label: __( 'Lyzr agent id', 'voice-agent' ), value: attributes.agentId, onChange: set( 'agentId' ) } ),
					el( TextControl, { label: __( 'Lyzr server URL', 'voice-agent' ), value: attributes.serverUrl, onChange: set( 'serverUrl' ) } ),
					el( TextControl, { label: __( 'Anunzi assistant id', 'voice-agent' ), help: __( 'Served by this site\'s token broker (Settings → Voice agent).', 'voice-agent' ), value: attributes.assistant, onChange: set( 'assistant' ) } )
				),
				el(
					PanelBody,
					{ title: __( 'Look and behaviour', 'voice-agent' ), initialOpen: false },
					el( SelectControl, { label: __( 'Variant', 'voice-agent' ), value: attributes.variant, options: choices( [ 'inline', 'floating' ], __( 'Default (inline)', 'voice-agent' ) ), onChange: set( 'variant' ) } ),
					el( SelectControl, { label: __( 'Corner (floating)', 'voice-agent' ), value: attributes.placement, options: choices( [ 'bottom-right', 'bottom-left', 'top-right', 'top-left' ], __( 'Default (bottom-right)', 'voice-agent' ) ), onChange: set( 'placement' ) } ),
					el( TextControl, { label: __( 'Language (en, es, fr, de, pt…)', 'voice-agent' ), value: attributes.lang, onChange: set( 'lang' ) } ),
					el( TextControl, { label: __( 'Frame length in ms (20–100)', 'voice-agent' ), type: 'number', min: 20, max: 100, value: attributes.frameMs, onChange: set( 'frameMs' ) } ),
					el( SelectControl, { label: __( 'Barge-in', 'voice-agent' ), value: attributes.bargeIn, options: choices( [ 'on', 'off' ], __( 'Default (on)', 'voice-agent' ) ), onChange: set( 'bargeIn' ) } ),
					el( SelectControl, { label: __( 'Echo gate', 'voice-agent' ), value: attributes.echoGate, options: choices( [ 'on', 'off' ], __( 'Default (on)', 'voice-agent' ) ), onChange: set( 'echoGate' ) } ),
					el( ToggleControl, { label: __( 'Push to talk (hold a button or Space)', 'voice-agent' ), checked: attributes.pushToTalk, onChange: set( 'pushToTalk' ) } ),
					el( TextareaControl, { label: __( 'Terms shown before the first call', 'voice-agent' ), value: attributes.terms, onChange: set( 'terms' ) } ),
					el( ToggleControl, { label: __( 'Show debug statistics', 'voice-agent' ), checked: attributes.debug, onChange: set( 'debug' ) } )
				),
				el(
					PanelBody,
					{ title: __( 'Texts', 'voice-agent' ), initialOpen: false },
					TEXT_KEYS.map( ( key ) =>
						el( TextControl, { key, label: key, value: ( attributes.texts || {} )[ key ] || '', onChange: setText( key ) } )
					)
				)
			),
			el( Placeholder, {
				icon: 'microphone',
				label: __( 'Voice agent', 'voice-agent' ),
				instructions: provider + ' · ' + target + ( attributes.variant === 'floating' ? ' · ' + __( 'floating', 'voice-agent' ) : '' ),
			} )
		);
	}

	blocks.registerBlockType( 'voice-agent/voice-agent', { edit: Edit, save: () => null } );
} )( window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components, window.wp.i18n );
